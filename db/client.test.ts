import { availableParallelism } from "node:os";

import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import { describe, expect, it, vi } from "vitest";

import { parseFilter } from "../lib/scim/filter/parse";
import { poolSize, reconnectDelay, withStatementPreparation } from "./client";
import { compileUserFilter } from "./scim-filter-sql";

// The driver decides per query whether to prepare it; these check what the
// view of it that Drizzle gets asks for (decision 0013).
function fakeClient() {
  const unsafe = vi.fn<
    (
      query: string,
      args?: unknown[],
      options?: { prepare?: boolean },
    ) => Promise<unknown>
  >(() => {
    const answer = Promise.resolve(Object.assign([], { command: "COMMIT" }));

    return Object.assign(answer, { execute: () => answer });
  });
  const reserve = vi.fn(() => Promise.resolve({ unsafe, release: () => {} }));

  return { client: { unsafe, reserve } as unknown as postgres.Sql, unsafe };
}

// BEGIN and COMMIT are the view's own; the flags are those of the others.
const prepareFlagOf = (unsafe: ReturnType<typeof fakeClient>["unsafe"]) =>
  unsafe.mock.calls
    .filter(([query]) => !["begin", "commit"].includes(query))
    .map(([, , options]) => options?.prepare);

describe("which statements are prepared", () => {
  it("prepares parameterised statements, in transactions too", async () => {
    const { client, unsafe } = fakeClient();
    const view = withStatementPreparation(client, true);

    await view.unsafe("select $1", [1], { prepare: false });
    await view.begin((tx) => tx.unsafe("select $1", [2]));
    await view.unsafe("select 1; select 2");

    expect(prepareFlagOf(unsafe)).toEqual([true, true, false]);
  });

  it("leaves a statement carrying a client-shaped filter unprepared", async () => {
    const { client, unsafe } = fakeClient();
    const view = withStatementPreparation(client, true);
    const filter = compileUserFilter(parseFilter('userName co "a"'));
    const { sql: text, params } = new PgDialect().sqlToQuery(
      sql`select 1 from scim_users where ${filter}`,
    );

    await view.unsafe(text, params as never[]);

    expect(prepareFlagOf(unsafe)).toEqual([false]);
  });

  it("prepares nothing when preparation is off (PgBouncer, embedded)", async () => {
    const { client, unsafe } = fakeClient();
    const view = withStatementPreparation(client, false);

    await view.unsafe("select $1", [1], { prepare: true });

    expect(prepareFlagOf(unsafe)).toEqual([false]);
  });
});

describe("pool size", () => {
  it("takes DATABASE_POOL_SIZE when it is a positive whole number", () => {
    expect(poolSize("3")).toBe(3);
    expect(poolSize("25", true)).toBe(25);
  });

  it("falls back to twice the CPUs, between 2 and 10, or 4 embedded", () => {
    const cpus = availableParallelism();
    for (const configured of [undefined, "", "0", "-1", "2.5", "ten"]) {
      expect(poolSize(configured)).toBe(Math.min(10, Math.max(2, 2 * cpus)));
      expect(poolSize(configured, true)).toBe(4);
    }
  });
});

describe("reconnectDelay", () => {
  it("tries again within 0.2 s at first and never waits more than 2 s", () => {
    for (let i = 0; i < 200; i++) {
      const first = reconnectDelay(1);
      expect(first).toBeGreaterThanOrEqual(0.1);
      expect(first).toBeLessThanOrEqual(0.2);
      for (const attempts of [5, 10, 50, 1_000]) {
        const later = reconnectDelay(attempts);
        expect(later).toBeGreaterThanOrEqual(1);
        expect(later).toBeLessThanOrEqual(2);
      }
    }
  });
});
