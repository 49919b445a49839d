import { describe, expect, it } from "vitest";

import { settlesWithin } from "./settles-within";

describe("settlesWithin", () => {
  it("is true for work that resolves or rejects in time", async () => {
    expect(await settlesWithin(Promise.resolve(1), 50)).toBe(true);
    expect(await settlesWithin(Promise.reject(new Error("x")), 50)).toBe(true);
  });

  it("is false after the wait for work that goes on, and keeps no timer", async () => {
    const started = Date.now();

    expect(await settlesWithin(new Promise(() => {}), 30)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("leaves a rejection after the wait handled", async () => {
    let reject!: (error: Error) => void;
    const work = new Promise((_, no) => (reject = no));

    expect(await settlesWithin(work, 10)).toBe(false);
    reject(new Error("late"));
    // An unhandled rejection would fail the run.
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
});
