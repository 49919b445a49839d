import { describe, expect, test } from "vitest";

import {
  generateInviteSecret,
  hashInviteSecret,
  INVITE_LIFETIME_DAYS,
  inviteExpiry,
  isWellFormedInviteSecret,
} from "./invite-secret";

describe("invite secrets", () => {
  test("are 256 random bits in one URL-safe path segment", () => {
    const secrets = new Set(
      Array.from({ length: 100 }, () => generateInviteSecret()),
    );

    expect(secrets.size).toBe(100);
    for (const secret of secrets) {
      expect(Buffer.from(secret, "base64url")).toHaveLength(32);
      expect(isWellFormedInviteSecret(secret)).toBe(true);
    }
  });

  test("are stored as their SHA-256, never as themselves", () => {
    const secret = generateInviteSecret();

    expect(hashInviteSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashInviteSecret(secret)).toBe(hashInviteSecret(secret));
    expect(hashInviteSecret(secret)).not.toContain(secret);
  });

  test.each([
    "",
    "short",
    `${"a".repeat(42)}=`,
    `${"a".repeat(44)}`,
    "../../etc",
  ])("%j is refused before any lookup", (value) => {
    expect(isWellFormedInviteSecret(value)).toBe(false);
  });

  test("expire a week after they are made", () => {
    const now = new Date("2026-12-04T12:00:00Z");

    expect(INVITE_LIFETIME_DAYS).toBe(7);
    expect(inviteExpiry(now).toISOString()).toBe("2026-12-11T12:00:00.000Z");
  });
});
