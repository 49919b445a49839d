import { ScimError } from "./errors";

/** RFC 7644 §3.14: meta.version is a weak entity tag. */
export function etagFor(version: number): string {
  return `W/"${version}"`;
}

/** Throws 412 when If-Match names no current version (`*` matches any). */
export function assertIfMatch(
  ifMatch: string | null | undefined,
  version: number,
) {
  if (ifMatch === null || ifMatch === undefined || ifMatch.trim() === "")
    return;

  const current = String(version);
  const tags = ifMatch.split(",").map((t) => t.trim());
  const isMatch = tags.some(
    (tag) =>
      tag === "*" || tag.replace(/^W\//, "").replace(/^"|"$/g, "") === current,
  );
  if (!isMatch) {
    throw new ScimError(
      412,
      "The resource changed since the version given in If-Match; read it again and retry.",
    );
  }
}
