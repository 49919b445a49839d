import { getDb } from "@/db";
import { safeError } from "@/lib/log-safe-error";
import { logger } from "@/lib/logger";
import { isScimError, ScimError } from "@/lib/scim/errors";
import { handleScimRequest } from "@/lib/scim-api/handle-scim-request";
import { toScimHttpRequest } from "@/lib/scim-api/to-http-request";
import { SCIM_CONTENT_TYPE, type ScimHttpResponse } from "@/lib/scim-api/types";

export const dynamic = "force-dynamic";

async function handle(request: Request): Promise<Response> {
  let response: ScimHttpResponse;
  try {
    const scimRequest = await toScimHttpRequest(request);

    response = await handleScimRequest(getDb(), scimRequest);
  } catch (error) {
    const scimError = isScimError(error)
      ? error
      : new ScimError(500, "An unexpected error occurred. It has been logged.");
    if (!isScimError(error))
      logger.error({ err: safeError(error) }, "scim adapter failed");
    response = {
      status: scimError.status,
      headers: scimError.headers,
      body: scimError.toBody(),
    };
  }

  return toResponse(response);
}

function toResponse({ status, headers, body }: ScimHttpResponse): Response {
  const responseHeaders = new Headers(headers);
  responseHeaders.set("Cache-Control", "no-store");
  responseHeaders.set("X-Content-Type-Options", "nosniff");
  if (body === undefined)
    return new Response(null, { status, headers: responseHeaders });
  responseHeaders.set("Content-Type", SCIM_CONTENT_TYPE);

  return new Response(JSON.stringify(body), {
    status,
    headers: responseHeaders,
  });
}

export {
  handle as DELETE,
  handle as GET,
  handle as PATCH,
  handle as POST,
  handle as PUT,
};
