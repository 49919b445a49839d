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
  if (request.method !== "POST") return NextResponse.next();
  const type = request.headers.get("content-type") ?? "";
  if (!FORM_TYPES.test(type)) return NextResponse.next();
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

function refuse(status: number, message: string) {
  return new NextResponse(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

export const config = {
  // Pages only: the SCIM API and next-auth answer their own errors.
  matcher: ["/((?!api/|_next/).*)"],
};
