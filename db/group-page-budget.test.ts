import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { rowsWithinMemberBudget } from "../lib/provisioning/read-scim-groups";
import type { DbOrTx } from "./client";
import { scimGroups } from "./schema";
import {
  OPEN_TIMEOUT_MS,
  openTestDatabase,
  seedWorkspace,
  type TestDatabase,
} from "./scim-filter-test-db";

// A page of groups with their members stops before the members pass the
// budget (always keeping its first group), so large groups make short pages.

let database: TestDatabase;
let workspaceId: string;
let groupIds: Record<string, string>;

beforeAll(async () => {
  database = await openTestDatabase();
  const users = ["a", "b", "c", "d"].map((userName) => ({ userName }));
  workspaceId = await seedWorkspace(database, {
    users,
    groups: [
      { displayName: "big", members: ["a", "b", "c", "d"] },
      { displayName: "pair", members: ["a", "b"] },
      { displayName: "empty" },
      { displayName: "one", members: ["c"] },
    ],
  });
  const rows = await database.db
    .select({ id: scimGroups.id, displayName: scimGroups.displayName })
    .from(scimGroups);
  groupIds = Object.fromEntries(rows.map((r) => [r.displayName, r.id]));
}, OPEN_TIMEOUT_MS);

afterAll(() => database.client.close());

const page = (names: string[], budget: number) =>
  rowsWithinMemberBudget(
    { db: database.db as unknown as DbOrTx, workspaceId },
    names.map((name) => ({ id: groupIds[name], name })),
    budget,
  ).then((rows) => rows.map((row) => row.name));

describe("a page of groups with members", () => {
  it("keeps groups while their members fit the budget", async () => {
    expect(await page(["pair", "empty", "one", "big"], 3)).toEqual([
      "pair",
      "empty",
      "one",
    ]);
    expect(await page(["pair", "empty", "one", "big"], 100)).toHaveLength(4);
  });

  it("always keeps the first group, however large", async () => {
    expect(await page(["big", "pair"], 3)).toEqual(["big"]);
  });
});
