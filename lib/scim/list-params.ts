import { badRequest } from "./errors";

export const DEFAULT_COUNT = 100;
// A page holds at most this many resources (RFC 7644 §3.4.2.4 lets the
// server return fewer than asked): with up to 32 KB per person, a page stays
// under 7 MB. Okta reads 100 at a time.
export const MAX_COUNT = 200;

export interface ListParams {
  startIndex: number;
  count: number;
  filter?: string;
  sortBy?: string;
  sortOrder: "ascending" | "descending";
  attributes?: string[];
  excludedAttributes?: string[];
}

type Source = (name: string) => string | null | undefined;

/** Reads list parameters from a query string or a /.search body (RFC 7644 §3.4). */
export function parseListParams(get: Source): ListParams {
  const sortOrder = (get("sortOrder") ?? "ascending").toLowerCase();
  if (sortOrder !== "ascending" && sortOrder !== "descending") {
    throw badRequest(
      "invalidValue",
      'sortOrder must be "ascending" or "descending".',
    );
  }

  return {
    // RFC 7644 §3.4.2.4: a startIndex below 1 is interpreted as 1.
    startIndex: Math.max(1, readInteger(get("startIndex"), "startIndex") ?? 1),
    // §3.4.2.4: a negative count is interpreted as 0; over the maximum is capped.
    count: Math.min(
      MAX_COUNT,
      Math.max(0, readInteger(get("count"), "count") ?? DEFAULT_COUNT),
    ),
    filter: emptyToUndefined(get("filter")),
    sortBy: emptyToUndefined(get("sortBy")),
    sortOrder,
    attributes: readList(get, "attributes"),
    excludedAttributes: readList(get, "excludedAttributes"),
  };
}

function readInteger(text: string | null | undefined, name: string) {
  if (text === null || text === undefined || text.trim() === "")
    return undefined;
  if (!/^[+-]?\d+$/.test(text.trim())) {
    throw badRequest("invalidValue", `${name} must be an integer.`);
  }

  // Huge values are still integers: clamp them rather than refuse them.
  return Math.max(-1e9, Math.min(1e9, Number(text.trim())));
}

// A User or Group has fewer attributes and sub-attributes than this. Each
// named path is matched against every resource of the page: 100,000 names
// in one /.search body held the server for 6 s.
export const MAX_ATTRIBUTE_PATHS = 100;

function readList(get: Source, name: string) {
  const items = get(name)
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (items && items.length > MAX_ATTRIBUTE_PATHS) {
    throw badRequest(
      "invalidValue",
      `${name} may name at most ${MAX_ATTRIBUTE_PATHS} attributes.`,
    );
  }

  return items?.length ? items : undefined;
}

function emptyToUndefined(text: string | null | undefined) {
  return text === null || text === undefined || text.trim() === ""
    ? undefined
    : text;
}
