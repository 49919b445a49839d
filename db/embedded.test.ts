import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { gte, sql } from "drizzle-orm";
import { integer, pgTable } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { afterAll, beforeAll, expect, test } from "vitest";

import { createDatabase } from "./client";
import { openEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";

let embedded: EmbeddedDatabase;
let clients: postgres.Sql[] = [];
let dataDir: string;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "roster-embedded-"));
  // As in a fresh clone, where .roster/ does not exist yet.
  dataDir = path.join(dir, "not-yet-created", "data");
  embedded = await openEmbeddedDatabase(dataDir);
  clients = [1, 2, 3].map(() =>
    postgres(embedded.url, { prepare: false, max: 3, onnotice: () => {} }),
  );
  await clients[0]`create table counter (n int not null)`;
  await clients[0]`insert into counter values (0)`;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()));
  await embedded.stop();
});

test("transactions of different connections never interleave", async () => {
  const increments = clients.flatMap((sql) =>
    Array.from({ length: 10 }, () =>
      sql.begin(async (tx) => {
        const [row] = await tx`select n from counter`;
        await tx`select pg_sleep(0.001)`;
        await tx`update counter set n = ${row.n + 1}`;
      }),
    ),
  );
  await Promise.all(increments);

  const [row] = await clients[1]`select n from counter`;
  expect(row.n).toBe(30);
});

test("queries Drizzle prepares by name run from many connections at once", async () => {
  // The lookups IdPs make run as Drizzle prepared queries (decision 0013);
  // on the embedded database they are sent unnamed, from any connection.
  const counter = pgTable("counter", { n: integer("n").notNull() });
  const pools = [1, 2].map(() =>
    createDatabase(embedded.url, { embedded: true }),
  );
  try {
    const runs = pools.flatMap(({ db }) => {
      const atLeast = db
        .select()
        .from(counter)
        .where(gte(counter.n, sql.placeholder("min")))
        .prepare("counter_at_least");

      return Array.from({ length: 8 }, () => atLeast.execute({ min: 0 }));
    });

    expect(await Promise.all(runs)).toEqual(Array(16).fill([{ n: 30 }]));
  } finally {
    await Promise.all(pools.map(({ client }) => client.end()));
  }
});

test("a rolled-back transaction leaves nothing behind for others", async () => {
  await expect(
    clients[0].begin(async (tx) => {
      await tx`update counter set n = -1`;
      throw new Error("abort");
    }),
  ).rejects.toThrow("abort");

  const [row] = await clients[2]`select n from counter`;
  expect(row.n).toBe(30);
});

test("a second opener shares the running server instead of the folder", async () => {
  const lockPath = `${dataDir}.lock`;
  const lock = JSON.parse(readFileSync(lockPath, "utf8")) as { pid: number };
  // Pretend another process holds the folder, as `npm run dev` would.
  writeFileSync(lockPath, JSON.stringify({ ...lock, pid: process.ppid }));

  const second = await openEmbeddedDatabase(dataDir);

  expect(second.url).toBe(embedded.url);
  writeFileSync(lockPath, JSON.stringify(lock));
});

test("processes starting at once share one server instead of opening the folder twice", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "roster-embedded-race-"));
  const script = `
    import { openEmbeddedDatabase } from "./db/embedded.ts";
    import { gte, sql } from "drizzle-orm";
import { integer, pgTable } from "drizzle-orm/pg-core";
import postgres from "postgres";
    const db = await openEmbeddedDatabase(${JSON.stringify(path.join(dir, "data"))});
    const sql = postgres(db.url, { prepare: false, fetch_types: false, max: 1, onnotice: () => {} });
    await sql\`create table if not exists hits (pid int)\`;
    await sql\`insert into hits values (\${process.pid})\`;
    await new Promise((r) => setTimeout(r, 1500));
    const [{ n }] = await sql\`select count(*)::int as n from hits\`;
    console.log(n);
    await sql.end();
    await db.stop();
  `;
  const { execFile } = await import("node:child_process");
  const run = () =>
    new Promise<string>((resolve, reject) =>
      execFile(
        "npx",
        ["tsx", "--input-type=module", "-e", script],
        { cwd: process.cwd() },
        (error, stdout) => (error ? reject(error) : resolve(stdout.trim())),
      ),
    );

  const counts = await Promise.all([run(), run(), run(), run()]);

  // Every process saw the others' rows: one folder, one server, no lost write.
  expect(Math.max(...counts.map(Number))).toBe(4);
}, 120_000);
