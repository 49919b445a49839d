import { badRequest } from "@/lib/scim/errors";
import { isStorableText } from "@/lib/storable-text";

import type { ScimHttpRequest } from "./types";

const MAX_DEPTH = 64;

/**
 * DESIGN.md: bodies are JSON under application/scim+json or application/json;
 * IdPs that send no or an odd Content-Type still get their JSON read.
 */
export function parseJsonBody(request: ScimHttpRequest): unknown {
  // A byte order mark some Windows clients write is not part of the JSON.
  const text = (request.bodyText ?? "").replace(/^\uFEFF/, "");
  if (text.trim() === "") {
    throw badRequest("invalidSyntax", "The request needs a JSON body.");
  }

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest("invalidSyntax", "The request body is not valid JSON.");
  }
  assertStorable(body, 0);

  return body;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or half of a surrogate pair
 * (`"\ud800"` alone), so either anywhere in a body is the client's error
 * (400), not a failed query (500).
 */
function assertStorable(value: unknown, depth: number): void {
  if (depth > MAX_DEPTH) {
    throw badRequest(
      "invalidValue",
      `The body is nested deeper than ${MAX_DEPTH} levels.`,
    );
  }
  if (typeof value === "string") {
    if (value.includes("\u0000")) {
      throw badRequest(
        "invalidValue",
        "Strings must not contain the NUL character (\\u0000).",
      );
    }
    if (!isStorableText(value)) {
      throw badRequest(
        "invalidValue",
        "Strings must not contain half of a surrogate pair (such as \\ud800 alone).",
      );
    }

    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) assertStorable(item, depth + 1);

    return;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      assertStorable(key, depth + 1);
      assertStorable(item, depth + 1);
    }
  }
}
