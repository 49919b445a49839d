import { randomBytes } from "node:crypto";

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { pipeline, pipelineToEnd } from "@/db/pipeline";

import { closeTestDb, testDb } from "../support/test-db";

// Transactions send BEGIN with their first statement and may send COMMIT
// with their last writes (db/transaction-scope.ts, decision 0016). These pin
// what that must not change: all or nothing, the first failure's error,
// savepoints, and a pool that stays usable after failures.

const table = `tx_scope_${randomBytes(4).toString("hex")}`;
const insert = (id: string) =>
  sql`insert into ${sql.identifier(table)} (id) values (${id})`;

async function stored(): Promise<string[]> {
  const rows = await testDb().execute<{ id: string }>(
    sql`select id from ${sql.identifier(table)} order by id`,
  );

  return [...rows].map((row) => row.id);
}

beforeAll(async () => {
  await testDb().execute(
    sql`create table ${sql.identifier(table)} (id text primary key)`,
  );
});

afterAll(async () => {
  await testDb().execute(sql`drop table if exists ${sql.identifier(table)}`);
  await closeTestDb();
});

describe("transactions", () => {
  test("commit what the work wrote, and nothing of a work that throws", async () => {
    await testDb().transaction(async (tx) => {
      await tx.execute(insert("a1"));
      await tx.execute(insert("a2"));
    });
    await expect(
      testDb().transaction(async (tx) => {
        await tx.execute(insert("a3"));
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");

    expect(await stored()).toEqual(["a1", "a2"]);
  });

  test("writes pipelined to their end commit together", async () => {
    const result = await testDb().transaction(async (tx) => {
      const [first] = await pipelineToEnd(tx, [
        tx.execute(sql`select 41 + 1 as answer`),
        tx.execute(insert("b1")),
        tx.execute(insert("b2")),
      ]);

      return first;
    });

    expect([...result]).toEqual([{ answer: 42 }]);
    expect(await stored()).toEqual(
      expect.arrayContaining(["b1", "b2"]) as unknown as string[],
    );
  });

  test("nothing is sent after the end", async () => {
    await expect(
      testDb().transaction(async (tx) => {
        await pipelineToEnd(tx, [tx.execute(insert("g1"))]);
        await tx.execute(insert("g2"));
      }),
    ).rejects.toMatchObject({
      cause: { message: "The transaction has ended." },
    });

    const ids = await stored();
    expect(ids).toContain("g1");
    expect(ids).not.toContain("g2");
  });

  test("a failing write before the end: its error, and none of the writes", async () => {
    await testDb().execute(insert("c0"));
    const attempt = testDb().transaction(async (tx) => {
      await pipelineToEnd(tx, [
        tx.execute(insert("c1")),
        tx.execute(insert("c0")),
        tx.execute(insert("c2")),
      ]);
    });

    await expect(attempt).rejects.toMatchObject({
      cause: { code: "23505" },
    });
    const ids = await stored();
    expect(ids).toContain("c0");
    expect(ids).not.toContain("c1");
    expect(ids).not.toContain("c2");
  });

  test("a failing first statement: its error, as sent with BEGIN", async () => {
    await expect(
      testDb().transaction(async (tx) => {
        await tx.execute(sql`select 1 / 0`);
      }),
    ).rejects.toMatchObject({ cause: { code: "22012" } });
  });

  test("savepoints: a failed inner one is undone alone, an ended one stays with the outer", async () => {
    await testDb().transaction(async (tx) => {
      await tx.execute(insert("d1"));
      await expect(
        tx.transaction(async (inner) => {
          await inner.execute(insert("d2"));
          throw new Error("inner only");
        }),
      ).rejects.toThrow("inner only");
      await expect(
        tx.transaction(async (inner) => {
          await pipelineToEnd(inner, [
            inner.execute(insert("d3")),
            inner.execute(insert("d1")),
          ]);
        }),
      ).rejects.toMatchObject({ cause: { code: "23505" } });
      await tx.transaction(async (inner) => {
        await pipelineToEnd(inner, [inner.execute(insert("d4"))]);
      });
      await tx.execute(insert("d5"));
    });

    const ids = (await stored()).filter((id) => id.startsWith("d"));
    expect(ids).toEqual(["d1", "d4", "d5"]);
  });

  test("an outer rollback undoes savepoints that ended", async () => {
    await expect(
      testDb().transaction(async (tx) => {
        await tx.transaction(async (inner) => {
          await pipelineToEnd(inner, [inner.execute(insert("e1"))]);
        });
        throw new Error("roll it all back");
      }),
    ).rejects.toThrow("roll it all back");

    expect(await stored()).not.toContain("e1");
  });

  test("the pool stays usable: after many failed transactions, every connection answers outside a transaction", async () => {
    const failures = Array.from({ length: 30 }, (_, i) =>
      testDb()
        .transaction(async (tx) => {
          await pipeline([
            tx.execute(insert(`f${i}`)),
            tx.execute(insert("c0")),
          ]);
        })
        .catch((error: unknown) => error),
    );
    expect(
      (await Promise.all(failures)).every((error) => error instanceof Error),
    ).toBe(true);

    // A statement outside a transaction commits by itself on any connection:
    // none was left inside an open or aborted transaction.
    const levels = await Promise.all(
      Array.from({ length: 20 }, () =>
        testDb().execute<{ open: boolean }>(
          sql`select now() <> statement_timestamp() as open`,
        ),
      ),
    );
    expect(levels.every((rows) => [...rows][0].open === false)).toBe(true);
    expect((await stored()).some((id) => id.startsWith("f"))).toBe(false);
  });
});
