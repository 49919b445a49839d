import { expect, test } from "vitest";

import { hashPassword, verifyPassword } from "./passwords";

test("a hashed password verifies and a wrong one does not", async () => {
  const stored = await hashPassword("correct horse");

  expect(stored).not.toContain("correct horse");
  expect(await verifyPassword("correct horse", stored)).toBe(true);
  expect(await verifyPassword("correct horsf", stored)).toBe(false);
  expect(await verifyPassword("correct horse", "garbage")).toBe(false);
});
