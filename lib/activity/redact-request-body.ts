import { toStorableText } from "@/lib/storable-text";

/**
 * The request body as the activity log keeps it: secrets dropped, other
 * people's email addresses masked, size bounded. Pure: no Next, no database.
 */

/** What a stored body may grow to, in characters of its JSON text. */
export const MAX_STORED_BODY_CHARS = 16_384;
/**
 * Bodies longer than this are not read for the log at all: parsing and
 * redacting a body near the 1 MiB limit cost more CPU than answering it,
 * and IdPs send a few kilobytes.
 */
export const MAX_REDACTED_BODY_CHARS = 65_536;
export const REDACTED = "[redacted]";

const MAX_DEPTH = 32;

// Attribute names whose values are secrets wherever they appear (SCIM
// `password`, and whatever an IdP extension calls a credential).
const SECRET_KEY =
  /passw(or)?d|passphrase|pwd|secret|token|authori[sz]ation|credential|api[-_]?key|private[-_]?key|bearer|cookie/i;

// Values that look like a credential whatever their key: Roster tokens,
// Authorization header values, JWTs and long high-entropy strings.
const SECRET_VALUE_PATTERNS = [
  /\b(bearer|basic)\s+[A-Za-z0-9+/_=.~-]{8,}/gi,
  /(roster_scim_)+[0-9A-Za-z]*/g,
  /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g,
];
const OPAQUE_SECRET = /^[A-Za-z0-9+/_=.~-]{32,}$/;

// Characters of an address on either side of its "@". Addresses are found
// by scanning out from each "@" rather than by a regular expression, whose
// backtracking is quadratic in a long run of such characters (a 900 KB
// displayName held the server for minutes).
const NOT_IN_EMAIL = new Set([...' \t\n\r\f\v"<>()@,;:']);
const isEmailChar = (c: string) => !NOT_IN_EMAIL.has(c) && !/\s/.test(c);

export type StoredBody =
  | null
  | { kind: "json"; value: unknown }
  | { kind: "truncated"; length: number; preview: string }
  | { kind: "unreadable"; length: number }
  | { kind: "omitted"; length: number };

/** A request body as the log reads it: once, and not at all when too large. */
export type ReadBody =
  | null
  | { kind: "parsed"; value: unknown }
  | { kind: "unreadable"; length: number }
  | { kind: "omitted"; length: number };

export function readRequestBody(bodyText: string | null): ReadBody {
  if (bodyText === null || bodyText.trim() === "") return null;
  if (bodyText.length > MAX_REDACTED_BODY_CHARS) {
    return { kind: "omitted", length: bodyText.length };
  }
  try {
    return { kind: "parsed", value: JSON.parse(bodyText) };
  } catch {
    return { kind: "unreadable", length: bodyText.length };
  }
}

/**
 * `ownValues` are the affected person's own userName and emails, kept as
 * they are; every other address becomes "j***@example.com".
 */
export function redactRequestBody(
  bodyText: string | null,
  ownValues: readonly string[] = [],
): StoredBody {
  return redactReadBody(readRequestBody(bodyText), ownValues);
}

/** `redactRequestBody` of a body the caller has already read. */
export function redactReadBody(
  body: ReadBody,
  ownValues: readonly string[] = [],
): StoredBody {
  // An unparsable body may hold a secret we cannot locate; keep none of it.
  if (body?.kind !== "parsed") return body;

  const own = new Set(ownValues.map((v) => v.toLowerCase()));
  const value = redactValue(body.value, own, 0);
  const text = JSON.stringify(value);
  if (text.length <= MAX_STORED_BODY_CHARS) return { kind: "json", value };

  return {
    kind: "truncated",
    length: text.length,
    // The cut may fall between the two halves of a surrogate pair.
    preview: toStorableText(text.slice(0, MAX_STORED_BODY_CHARS)),
  };
}

/** Masks an address as "j***@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");

  return `${email.slice(0, Math.min(1, at))}***${email.slice(at)}`;
}

/** Removes credentials and masks addresses not in `own` inside free text. */
export function redactText(text: string, own: ReadonlySet<string>): string {
  if (OPAQUE_SECRET.test(text) && isHighEntropy(text)) return REDACTED;
  let out = text.replaceAll("\u0000", "");
  for (const pattern of SECRET_VALUE_PATTERNS) {
    out = out.replace(pattern, REDACTED);
  }

  // Half of a surrogate pair cannot be stored in jsonb.
  return toStorableText(maskEmails(out, own));
}

/** Masks every address in `text` that is not in `own`, in linear time. */
function maskEmails(text: string, own: ReadonlySet<string>): string {
  let out = "";
  let copied = 0;
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    let start = at;
    while (start > copied && isEmailChar(text[start - 1])) start--;
    // A domain needs a dot with a character on each side of it.
    let end = at + 1;
    let hasDot = false;
    while (end < text.length && isEmailChar(text[end])) {
      if (text[end] === "." && end >= at + 2 && end + 1 < text.length) {
        hasDot ||= isEmailChar(text[end + 1]);
      }
      end++;
    }
    if (start === at || !hasDot) continue;

    const email = text.slice(start, end);
    out += text.slice(copied, start);
    out += own.has(email.toLowerCase()) ? email : maskEmail(email);
    copied = end;
    at = end - 1;
  }

  return out + text.slice(copied);
}

function redactValue(
  value: unknown,
  own: ReadonlySet<string>,
  depth: number,
): unknown {
  if (typeof value === "string") return redactText(value, own);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[nested too deep]";

  if (Array.isArray(value)) {
    return value.map((item) => redactValue(item, own, depth + 1));
  }

  const entries = Object.entries(value as Record<string, unknown>);
  const isSecretOperation = entries.some(
    ([key, v]) =>
      key.toLowerCase() === "path" && typeof v === "string" && isSecretPath(v),
  );

  // Object.fromEntries defines own properties, so a "__proto__" key stays data.
  return Object.fromEntries(
    entries.map(([key, v]) => {
      const name = redactText(key, own);
      if (SECRET_KEY.test(key)) return [name, REDACTED];
      // A PATCH operation such as { path: "password", value: "…" }.
      if (isSecretOperation && key.toLowerCase() === "value") {
        return [name, REDACTED];
      }

      return [name, redactValue(v, own, depth + 1)];
    }),
  );
}

function isSecretPath(path: string) {
  return SECRET_KEY.test(path);
}

// Ids and GUIDs are long too; a secret mixes upper case, lower case and digits.
function isHighEntropy(text: string) {
  return /[a-z]/.test(text) && /[A-Z]/.test(text) && /\d/.test(text);
}
