import { expect, test } from "vitest";

import {
  answeredWithin,
  DatabaseDeadlineError,
  isDatabaseUnavailable,
} from "./is-database-unavailable";

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

test("work the database does not finish within the deadline is unavailable; finished work passes", async () => {
  const late = await answeredWithin(new Promise(() => {}), 20).catch(
    (error: unknown) => error,
  );
  expect(late).toBeInstanceOf(DatabaseDeadlineError);
  expect(isDatabaseUnavailable(late)).toBe(true);

  expect(await answeredWithin(Promise.resolve(7), 20)).toBe(7);
  const refused = new Error("refused");
  await expect(answeredWithin(Promise.reject(refused), 20)).rejects.toBe(
    refused,
  );
});
