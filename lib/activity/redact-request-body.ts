/**
 * The request body as the activity log keeps it: secrets dropped, other
 * people's email addresses masked, size bounded. Pure: no Next, no database.
 */

/** What a stored body may grow to, in characters of its JSON text. */
export const MAX_STORED_BODY_CHARS = 16_384;
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

const EMAIL = /[^\s"<>()@,;:]+@[^\s"<>()@,;:]+\.[^\s"<>()@,;:]+/g;

export type StoredBody =
  | null
  | { kind: "json"; value: unknown }
  | { kind: "truncated"; length: number; preview: string }
  | { kind: "unreadable"; length: number };

/**
 * `ownValues` are the affected person's own userName and emails, kept as
 * they are; every other address becomes "j***@example.com".
 */
export function redactRequestBody(
  bodyText: string | null,
  ownValues: readonly string[] = [],
): StoredBody {
  if (bodyText === null || bodyText.trim() === "") return null;

  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    // An unparsable body may hold a secret we cannot locate; keep none of it.
    return { kind: "unreadable", length: bodyText.length };
  }

  const own = new Set(ownValues.map((v) => v.toLowerCase()));
  const value = redactValue(parsed, own, 0);
  const text = JSON.stringify(value);
  if (text.length <= MAX_STORED_BODY_CHARS) return { kind: "json", value };

  return {
    kind: "truncated",
    length: text.length,
    preview: text.slice(0, MAX_STORED_BODY_CHARS),
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

  return out.replace(EMAIL, (email) =>
    own.has(email.toLowerCase()) ? email : maskEmail(email),
  );
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
