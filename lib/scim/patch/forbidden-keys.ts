import { badRequest, type ScimType } from "../errors";
import { isPlainObject } from "./document";

// Names that reach JavaScript prototypes when used as property keys. No SCIM
// attribute is called like this, so any path segment or key holding one is an
// attack or a bug and is refused before anything else runs (DESIGN.md, PATCH).
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

// Quoted filter values are data, not names: `members[value eq "prototype"]`.
const QUOTED = /"(?:[^"\\]|\\.)*"/g;
const SEPARATORS = /[\s.:[\]()]+/;

function hasForbiddenSegment(text: string): boolean {
  return text
    .replace(QUOTED, " ")
    .split(SEPARATORS)
    .some((segment) => FORBIDDEN.has(segment.toLowerCase()));
}

/** Throws when a PATCH path names a prototype key in any of its segments. */
export function assertSafePath(text: string): void {
  if (hasForbiddenSegment(text)) {
    throw badRequest("invalidPath", "The path names a reserved key.");
  }
}

/**
 * Throws when any key, at any depth of `value`, is or contains a prototype
 * key as a segment (`__proto__`, `name.constructor`). Walks with an explicit
 * stack so deeply nested input cannot overflow the call stack.
 */
export function assertNoForbiddenKeys(
  value: unknown,
  scimType: ScimType = "invalidPath",
): void {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (isPlainObject(next)) {
      for (const key of Object.keys(next)) {
        if (hasForbiddenSegment(key)) {
          throw badRequest(scimType, "A key names a reserved name.");
        }
        pending.push(next[key]);
      }
    }
  }
}
