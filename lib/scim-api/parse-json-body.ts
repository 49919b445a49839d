import { badRequest } from "@/lib/scim/errors";

import type { ScimHttpRequest } from "./types";

/**
 * DESIGN.md: bodies are JSON under application/scim+json or application/json;
 * IdPs that send no or an odd Content-Type still get their JSON read.
 */
export function parseJsonBody(request: ScimHttpRequest): unknown {
  const text = request.bodyText ?? "";
  if (text.trim() === "")
    throw badRequest("invalidSyntax", "The request needs a JSON body.");

  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("invalidSyntax", "The request body is not valid JSON.");
  }
}
