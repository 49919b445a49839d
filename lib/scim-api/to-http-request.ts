import { randomUUID } from "node:crypto";

import { badRequest, ScimError } from "@/lib/scim/errors";
import {
  clientIp,
  type HeaderReader,
  publicOrigin,
} from "@/lib/http/public-origin";
import {
  BodyNotUtf8Error,
  BodyTooLargeError,
  ClientGoneError,
  readBoundedBody,
} from "@/lib/http/read-body";

import type { ScimHttpRequest } from "./types";

export const SCIM_PREFIX = "/api/scim/v2";

/** What both adapters (the route handler and the node:http front) know. */
export interface RawScimRequest {
  method: string;
  url: URL;
  headers: HeaderReader;
  /** The body as text, bounded to 1 MiB (throws BodyTooLargeError). */
  readBody: () => Promise<string | null>;
}

/** Adapts a fetch Request (the Next.js route handler) to the SCIM request. */
export async function toScimHttpRequest(
  request: Request,
): Promise<ScimHttpRequest> {
  return fromRawScimRequest({
    method: request.method,
    url: new URL(request.url),
    headers: request.headers,
    readBody: () => readBoundedBody(request),
  });
}

/** The one conversion to the framework-free SCIM request. */
export async function fromRawScimRequest({
  method,
  url,
  headers,
  readBody,
}: RawScimRequest): Promise<ScimHttpRequest> {
  const segments = url.pathname
    .slice(url.pathname.toLowerCase().indexOf(SCIM_PREFIX) + SCIM_PREFIX.length)
    .split("/")
    .filter((s) => s !== "")
    .map(decodeSegment);

  const upperMethod = method.toUpperCase();
  let bodyText: string | null = null;
  try {
    bodyText = ["GET", "HEAD", "DELETE"].includes(upperMethod)
      ? null
      : await readBody();
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new ScimError(413, "The request body is larger than 1 MiB.");
    if (error instanceof BodyNotUtf8Error)
      throw badRequest("invalidSyntax", "The request body is not valid UTF-8.");
    // Nobody reads this answer; as a SCIM error it is not logged as a fault.
    if (error instanceof ClientGoneError)
      throw new ScimError(400, "The client closed the connection.");
    throw error;
  }

  return {
    // HEAD is GET without a body (RFC 9110 §9.3.2); the server drops the body.
    method: upperMethod === "HEAD" ? "GET" : upperMethod,
    segments,
    query: url.searchParams,
    headers,
    bodyText,
    ip: clientIp(headers),
    baseUrl: `${publicOrigin(headers, url)}${SCIM_PREFIX}`,
    requestId: headers.get("x-request-id")?.slice(0, 100) ?? randomUUID(),
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
