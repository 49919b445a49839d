import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";

import { createDatabase } from "./client";
import { openEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";

// Nested transactions run in savepoints (decision 0017). A nested
// transaction that fails is undone to its savepoint, and the outer
// transaction goes on, as with the driver's own savepoints: also when the
// failed statement's error was caught inside the nested work.

let embedded: EmbeddedDatabase;
let handle: ReturnType<typeof createDatabase>;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "roster-tx-scope-"));
  embedded = await openEmbeddedDatabase(path.join(dir, "data"));
  handle = createDatabase(embedded.url, { embedded: true });
  await handle.db.execute(sql`create table scoped (id int primary key)`);
});

afterAll(async () => {
  await handle.close();
  await embedded.stop();
});

beforeEach(async () => {
  await handle.db.execute(sql`truncate scoped`);
});

const ids = async () =>
  (
    await handle.db.execute<{ id: number }>(
      sql`select id from scoped order by id`,
    )
  ).map((row) => row.id);

test("a nested transaction that throws is undone and the outer one goes on", async () => {
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`insert into scoped values (1)`);
    await expect(
      tx.transaction(async (nested) => {
        await nested.execute(sql`insert into scoped values (2)`);
        throw new Error("nested work failed");
      }),
    ).rejects.toThrow("nested work failed");
    await tx.execute(sql`insert into scoped values (3)`);
  });

  expect(await ids()).toEqual([1, 3]);
});

test("a nested transaction whose failed statement was caught inside is undone and the outer one goes on", async () => {
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`insert into scoped values (1)`);
    await expect(
      tx.transaction(async (nested) => {
        await nested.execute(sql`insert into scoped values (2)`);
        // A duplicate: PostgreSQL aborts the transaction; the work goes on.
        await nested
          .execute(sql`insert into scoped values (1)`)
          .catch(() => "caught");
      }),
    ).rejects.toBeDefined();
    // Without ROLLBACK TO SAVEPOINT the outer transaction stays aborted and
    // this fails with "current transaction is aborted".
    await tx.execute(sql`insert into scoped values (3)`);
  });

  expect(await ids()).toEqual([1, 3]);
});
