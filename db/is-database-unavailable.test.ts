import { expect, test } from "vitest";

import { isDatabaseUnavailable } from "./is-database-unavailable";

test("connection failures and a pool busy copying are the service's trouble", () => {
  for (const code of [
    "ECONNREFUSED",
    "CONNECTION_CLOSED",
    "COPY_IN_PROGRESS",
  ]) {
    expect(isDatabaseUnavailable(Object.assign(new Error(), { code }))).toBe(
      true,
    );
  }
  const wrapped = new Error("query failed", {
    cause: Object.assign(new Error(), { code: "57P01" }),
  });
  expect(isDatabaseUnavailable(wrapped)).toBe(true);
});

test("a statement's own failure is not", () => {
  for (const code of ["23505", "22P02", undefined]) {
    expect(isDatabaseUnavailable(Object.assign(new Error(), { code }))).toBe(
      false,
    );
  }
  expect(isDatabaseUnavailable(undefined)).toBe(false);
});
