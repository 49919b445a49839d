import { badRequest, ScimError } from "@/lib/scim/errors";

import type { ScimHttpResponse } from "./types";

export function methodNotAllowed(allow: string): ScimHttpResponse {
  const error = new ScimError(405, `This endpoint accepts ${allow}.`);

  return { status: 405, headers: { Allow: allow }, body: error.toBody() };
}

/** A /.search body's parameters, read like a query string (RFC 7644 §3.4.3). */
export function searchParamsOf(
  body: unknown,
): (name: string) => string | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest(
      "invalidSyntax",
      "A search request must be a JSON object.",
    );
  }
  const entries = Object.entries(body as Record<string, unknown>);

  return (name) => {
    const value = entries.find(
      ([key]) => key.toLowerCase() === name.toLowerCase(),
    )?.[1];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value.join(",");
    if (typeof value === "object")
      throw badRequest("invalidValue", `${name} must be a string or a number.`);

    return String(value);
  };
}

/**
 * A query parameter by name in any letter case (`Filter`, `COUNT`), like
 * attribute names: a `Filter=` that was ignored would list everyone instead
 * of the one person asked for. The first of repeated parameters wins.
 */
export function queryParamsOf(
  query: URLSearchParams,
): (name: string) => string | null {
  return (name) => {
    const exact = query.get(name);
    if (exact !== null) return exact;
    const wanted = name.toLowerCase();
    for (const [key, value] of query) {
      if (key.toLowerCase() === wanted) return value;
    }

    return null;
  };
}
