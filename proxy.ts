import { type NextRequest, NextResponse } from "next/server";

const FORM_TYPES =
  /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/**
 * Form posts to pages are server actions (or their no-JavaScript form
 * submissions). A body that is not a form makes Next.js answer 500 while
 * decoding it; it is the client's mistake, so it gets a 400 here. Next.js
 * hands the route its own copy of the body, whatever is read here.
 */
export async function proxy(request: NextRequest) {
  if (request.method !== "POST") return NextResponse.next();
  if (!FORM_TYPES.test(request.headers.get("content-type") ?? ""))
    return NextResponse.next();
  try {
    await request.formData();
  } catch {
    return new NextResponse("The request body is not a valid form.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }

  return NextResponse.next();
}

export const config = {
  // Pages only: the SCIM API and next-auth answer their own errors.
  matcher: ["/((?!api/|_next/).*)"],
};
