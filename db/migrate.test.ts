import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, expect, it } from "vitest";

import { createDatabase } from "./client";
import { openEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";
import { migrateDatabase, pendingMigrations } from "./migrate";

let embedded: EmbeddedDatabase | undefined;
let handle: ReturnType<typeof createDatabase> | undefined;

afterAll(async () => {
  await handle?.close();
  await embedded?.stop();
});

it("names every migration of a new database, and none once it is migrated", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "roster-migrate-"));
  embedded = await openEmbeddedDatabase(path.join(dir, "data"));
  handle = createDatabase(embedded.url, { embedded: true });

  const before = await pendingMigrations(handle.db);
  expect(before[0]).toBe("0000_init");
  expect(before.length).toBeGreaterThanOrEqual(7);

  await migrateDatabase(handle.db);
  expect(await pendingMigrations(handle.db)).toEqual([]);
});
