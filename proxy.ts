import { type NextRequest, NextResponse } from "next/server";

const FORM_TYPES =
  /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;
const MULTIPART = /^multipart\/form-data\b/i;
// Next.js's default `serverActions.bodySizeLimit` (1 MB): it reads every
// multipart post to a page as a possible server action and answers a
// larger one with 500.
const FORM_BODY_LIMIT = 1024 * 1024;

/**
 * Form posts to pages are server actions (or their no-JavaScript form
 * submissions). A body that is not a form makes Next.js answer 500 while
 * decoding it, and so does a multipart body over its size limit; both are
 * the client's mistake, so they get a 400 or 413 here. Next.js hands the
 * route its own copy of the body, whatever is read here.
 */
export async function proxy(request: NextRequest) {
  // Next.js decodes a page's path to match its route and answers a
  // malformed percent-encoding (`%ZZ`, half a UTF-8 sequence) with 500.
  if (!isDecodable(request.nextUrl.pathname)) {
    return refuse(400, "This is not a valid address.");
  }
  if (request.nextUrl.pathname.startsWith("/api/auth/")) {
    return checkAuthRequest(request);
  }
  if (request.method !== "POST") return NextResponse.next();
  const type = request.headers.get("content-type") ?? "";
  if (!FORM_TYPES.test(type)) {
    return request.headers.has("next-action")
      ? checkActionArguments(request)
      : NextResponse.next();
  }
  try {
    const body = await request.arrayBuffer();
    if (MULTIPART.test(type) && body.byteLength > FORM_BODY_LIMIT) {
      return refuse(413, "The form is too large.");
    }
    await new Response(body, { headers: { "Content-Type": type } }).formData();
  } catch {
    return refuse(400, "The request body is not a valid form.");
  }

  return NextResponse.next();
}

/**
 * A server action's arguments, when no form is among them, come as a JSON
 * array (React's encodeReply); Next.js answers any other body, or one over
 * its size limit, with 500.
 */
async function checkActionArguments(request: NextRequest) {
  const body = await request.arrayBuffer();
  if (body.byteLength > FORM_BODY_LIMIT) {
    return refuse(413, "The request is too large.");
  }
  try {
    if (Array.isArray(JSON.parse(new TextDecoder().decode(body)))) {
      return NextResponse.next();
    }
  } catch {
    // Not JSON: refused below.
  }

  return refuse(400, "The request body is not a valid action call.");
}

/**
 * next-auth answers a callbackUrl that is not an http(s) URL or a path, and
 * a JSON body that does not parse, with 500 as if it were misconfigured.
 */
async function checkAuthRequest(request: NextRequest) {
  const callbackUrl = request.nextUrl.searchParams.get("callbackUrl");
  if (callbackUrl !== null && !isHttpUrl(callbackUrl, request.nextUrl.origin)) {
    return refuse(400, "The callbackUrl is not a valid address.");
  }
  const type = request.headers.get("content-type") ?? "";
  if (request.method === "POST" && type.includes("application/json")) {
    try {
      JSON.parse(await request.text());
    } catch {
      return refuse(400, "The request body is not valid JSON.");
    }
  }

  return NextResponse.next();
}

// next-auth's own test (core/lib/assert.js), so what passes here passes there.
function isHttpUrl(url: string, origin: string) {
  try {
    return /^https?:/.test(
      new URL(url, url.startsWith("/") ? origin : undefined).protocol,
    );
  } catch {
    return false;
  }
}

function isDecodable(pathname: string) {
  try {
    decodeURIComponent(pathname);

    return true;
  } catch {
    return false;
  }
}

function refuse(status: number, message: string) {
  return new NextResponse(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

export const config = {
  // Pages and next-auth; the SCIM API answers its own errors.
  matcher: ["/((?!api/scim/|_next/).*)"],
};
