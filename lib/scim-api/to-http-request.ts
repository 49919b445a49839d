import { randomUUID } from "node:crypto";

import { badRequest, ScimError } from "@/lib/scim/errors";
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
    method: request.method.toUpperCase(),
    segments,
    query: url.searchParams,
    headers: request.headers,
    bodyText,
    ip: clientIp(request.headers),
    baseUrl: `${publicOrigin(request, url)}${SCIM_PREFIX}`,
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

function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip");

  return ip && /^[0-9a-fA-F:.]{2,45}$/.test(ip) ? ip : null;
}

function publicOrigin(request: Request, url: URL): string {
  if (process.env.ROSTER_PUBLIC_URL)
    return process.env.ROSTER_PUBLIC_URL.replace(/\/$/, "");
  const host =
    request.headers.get("x-forwarded-host") ??
    request.headers.get("host") ??
    url.host;
  const proto =
    request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");

  return `${proto}://${host}`;
}
