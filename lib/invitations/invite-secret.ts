import { createHash, randomBytes } from "node:crypto";

/** How long a set-password link works (decision 0010). */
export const INVITE_LIFETIME_DAYS = 7;

// 32 random bytes: 256 bits, so guessing a live link is hopeless without a
// throttle; base64url keeps it one path segment.
const SECRET_BYTES = 32;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateInviteSecret(): string {
  return randomBytes(SECRET_BYTES).toString("base64url");
}

/** Stored and looked up by this hash only; the secret itself is never kept. */
export function hashInviteSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A malformed link is refused before any query. */
export function isWellFormedInviteSecret(value: string): boolean {
  return SECRET_PATTERN.test(value);
}

export function inviteExpiry(now = new Date()): Date {
  return new Date(now.getTime() + INVITE_LIFETIME_DAYS * 86_400_000);
}
