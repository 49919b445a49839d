import { describe, expect, it } from "vitest";

import { isStorableText, toStorableText } from "./storable-text";

describe("storable text", () => {
  it("keeps whole surrogate pairs and refuses halves and NUL", () => {
    expect(isStorableText("smile 😀")).toBe(true);
    expect(isStorableText("a\ud800b")).toBe(false);
    expect(isStorableText("\udc00")).toBe(false);
    expect(isStorableText("😀".slice(0, 1))).toBe(false);
    expect(isStorableText("a\u0000")).toBe(false);
  });

  it("replaces what PostgreSQL cannot hold with U+FFFD", () => {
    expect(toStorableText("ab😀".slice(0, 3))).toBe("ab\uFFFD");
    expect(toStorableText("\udc00x\u0000")).toBe("\uFFFDx\uFFFD");
    expect(toStorableText("😀 intact")).toBe("😀 intact");
  });

  it("scans a long string in linear time", () => {
    const long = "\ud800".repeat(200_000);

    expect(toStorableText(long)).toBe("\uFFFD".repeat(200_000));
  });
});
