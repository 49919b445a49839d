import { randomUUID } from "node:crypto";

import { badRequest, ScimError } from "@/lib/scim/errors";
import { clientIp, publicOrigin } from "@/lib/http/public-origin";
import { BodyTooLargeError, readBoundedBody } from "@/lib/http/read-body";

import type { ScimHttpRequest } from "./types";

export const SCIM_PREFIX = "/api/scim/v2";

/** Adapts a fetch Request to the framework-free SCIM request. */
export async function toScimHttpRequest(
  request: Request,
): Promise<ScimHttpRequest> {
  const url = new URL(request.url);
  const segments = url.pathname
    .slice(url.pathname.toLowerCase().indexOf(SCIM_PREFIX) + SCIM_PREFIX.length)
    .split("/")
    .filter((s) => s !== "")
    .map(decodeSegment);

  let bodyText: string | null = null;
  try {
    bodyText = ["GET", "HEAD", "DELETE"].includes(request.method)
      ? null
      : await readBoundedBody(request);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new ScimError(413, "The request body is larger than 1 MiB.");
    throw error;
  }

  return {
    // HEAD is GET without a body (RFC 9110 §9.3.2); the server drops the body.
    method:
      request.method.toUpperCase() === "HEAD"
        ? "GET"
        : request.method.toUpperCase(),
    segments,
    query: url.searchParams,
    headers: request.headers,
    bodyText,
    ip: clientIp(request.headers),
    baseUrl: `${publicOrigin(request.headers, url)}${SCIM_PREFIX}`,
    requestId:
      request.headers.get("x-request-id")?.slice(0, 100) ?? randomUUID(),
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(
      "invalidValue",
      "The request path is not validly encoded.",
    );
  }
}
