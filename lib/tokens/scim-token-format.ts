import { hash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

// DESIGN.md, tokens: a recognisable prefix, 32 random bytes in base62 and a
// checksum, so a leaked token is recognisable and a typo is refused before
// any database query.
export const TOKEN_PREFIX = "roster_scim_";
const ALPHABET =
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SECRET_LENGTH = 43; // ceil(256 / log2(62))
const CHECKSUM_LENGTH = 6;
const TOKEN_PATTERN = new RegExp(
  `^${TOKEN_PREFIX}[0-9A-Za-z]{${SECRET_LENGTH + CHECKSUM_LENGTH}}$`,
);

export function generateScimToken(): string {
  const secret = toBase62(randomBytes(32), SECRET_LENGTH);

  return `${TOKEN_PREFIX}${secret}${checksum(secret)}`;
}

/** True when the text has the token's shape and its checksum matches. */
export function isWellFormedScimToken(token: string): boolean {
  if (!TOKEN_PATTERN.test(token)) return false;
  const body = token.slice(TOKEN_PREFIX.length);
  const secret = body.slice(0, SECRET_LENGTH);

  return body.slice(SECRET_LENGTH) === checksum(secret);
}

export function hashScimToken(token: string): string {
  // One call, no Hash object: this runs on every SCIM request.
  return hash("sha256", token, "hex");
}

/** What the UI may show after creation: the prefix and the last four. */
export function tokenFragment(token: string): string {
  return `${TOKEN_PREFIX}…${token.slice(-4)}`;
}

// Checked on every SCIM request: a CRC-32 fits in a number (62^6 > 2^32),
// so it needs no BigInt.
function checksum(secret: string): string {
  let value = crc32(secret) >>> 0;
  let text = "";
  while (value > 0) {
    text = ALPHABET[value % 62] + text;
    value = Math.floor(value / 62);
  }

  return text.padStart(CHECKSUM_LENGTH, "0");
}

function toBase62(bytes: Buffer, length: number): string {
  let value = BigInt(`0x${bytes.toString("hex") || "0"}`);
  let text = "";
  while (value > 0n) {
    text = ALPHABET[Number(value % 62n)] + text;
    value /= 62n;
  }

  return text.padStart(length, "0");
}
