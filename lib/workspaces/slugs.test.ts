import { describe, expect, it } from "vitest";

import { personalSlug, SLUG_PATTERN } from "./slugs";

describe("personalSlug", () => {
  it("differs for account ids that share their first digits", () => {
    const first = personalSlug("0f3a9c1e-0000-4000-8000-000000000001");
    const second = personalSlug("0f3a9c1e-0000-4000-8000-000000000002");

    expect(first).not.toBe(second);
  });

  it("is a valid slug made of the whole id", () => {
    const slug = personalSlug("0F3A9C1E-7B2D-4E5F-8A9B-0C1D2E3F4A5B");

    expect(slug).toBe("personal-0f3a9c1e7b2d4e5f8a9b0c1d2e3f4a5b");
    expect(slug).toMatch(SLUG_PATTERN);
  });
});
