import { describe, expect, test } from "vitest";

import {
  generateScimToken,
  hashScimToken,
  isWellFormedScimToken,
  tokenFragment,
} from "./scim-token-format";

describe("SCIM token format", () => {
  test("generated tokens are well formed and distinct", () => {
    const tokens = Array.from({ length: 200 }, generateScimToken);

    expect(new Set(tokens).size).toBe(200);
    for (const token of tokens) {
      expect(token).toMatch(/^roster_scim_[0-9A-Za-z]{49}$/);
      expect(isWellFormedScimToken(token)).toBe(true);
    }
  });

  test.each([
    ["empty", ""],
    ["wrong prefix", "roster_scum_" + "a".repeat(49)],
    ["too short", "roster_scim_abc"],
    ["bad characters", "roster_scim_" + "-".repeat(49)],
  ])("refuses a token that is %s", (_, token) => {
    expect(isWellFormedScimToken(token)).toBe(false);
  });

  test("a one-character typo fails the checksum", () => {
    const token = generateScimToken();
    const i = 20;
    const typo =
      token.slice(0, i) + (token[i] === "a" ? "b" : "a") + token.slice(i + 1);

    expect(isWellFormedScimToken(typo)).toBe(false);
  });

  test("hash is SHA-256 hex and the fragment keeps only the last four", () => {
    const token = generateScimToken();

    expect(hashScimToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenFragment(token)).toBe(`roster_scim_…${token.slice(-4)}`);
  });
});
