import { randomUUID } from "node:crypto";

import { and, asc, count, desc, eq, inArray, sql, sum } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DbOrTx } from "./client";
import {
  countScimUsers,
  USER_SORT_KEYS,
  type UserSortKey,
} from "./queries/scim-users";
import { findScimUsersPage } from "./queries/scim-users-page";
import { scimUserCounts, scimUsers, users, workspaces } from "./schema";
import {
  OPEN_TIMEOUT_MS,
  openTestDatabase,
  type TestDatabase,
} from "./scim-filter-test-db";

// Triggers on scim_users keep each workspace's count in scim_user_counts
// (migration 0004, decision 0016), and an unfiltered list page takes its
// total from it and walks the later half backwards. After any sequence of
// inserts, deletes and workspace deletions, every workspace's stored count
// must be its count(*), and every page what OFFSET/LIMIT and count(*) say.

let database: TestDatabase;
let db: DbOrTx;

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db as unknown as DbOrTx;
}, OPEN_TIMEOUT_MS);

afterAll(() => database.client.close());

const start = Date.UTC(2026, 0, 1);
const minute = (n: number) => new Date(start + n * 60_000);

// Few distinct values, so that sort keys tie and the id decides.
const userSeed = fc.record({
  displayName: fc.constantFrom("alpha", "Alpha", "beta", null),
  created: fc.integer({ min: 0, max: 3 }),
  updated: fc.integer({ min: 0, max: 3 }),
});
const slot = fc.integer({ min: 0, max: 2 });
const step = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("insert" as const),
      slot,
      seeds: fc.array(userSeed, { maxLength: 16, size: "max" }),
    }),
  },
  fc.record({
    kind: fc.constant("delete" as const),
    slot,
    picks: fc.array(fc.nat(), { maxLength: 5 }),
  }),
  // Inserts and deletes of one transaction, each its own statement.
  fc.record({
    kind: fc.constant("insertAndDelete" as const),
    slot,
    seeds: fc.array(userSeed, { minLength: 1, maxLength: 4 }),
    picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant("deleteWorkspace" as const), slot }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

async function createWorkspace() {
  const [row] = await db
    .insert(workspaces)
    .values({ name: "Counts", slug: `counts-${randomUUID()}` })
    .returning({ id: workspaces.id });

  return row.id;
}

/** Inserts the users in one statement (their accounts in another). */
async function insertUsers(
  tx: DbOrTx,
  workspaceId: string,
  seeds: (typeof userSeed extends fc.Arbitrary<infer T> ? T : never)[],
) {
  if (seeds.length === 0) return;
  const accounts = await tx
    .insert(users)
    .values(seeds.map(() => ({ email: `${randomUUID()}@example.test` })))
    .returning({ id: users.id });
  await tx.insert(scimUsers).values(
    seeds.map((seed, i) => ({
      workspaceId,
      userId: accounts[i].id,
      userName: `user-${randomUUID()}`,
      displayName: seed.displayName,
      createdAt: minute(seed.created),
      updatedAt: minute(seed.updated),
      resource: {},
    })),
  );
}

/** Deletes the picked users (by position in id order) in one statement. */
async function deleteUsers(tx: DbOrTx, workspaceId: string, picks: number[]) {
  const ids = (
    await tx
      .select({ id: scimUsers.id })
      .from(scimUsers)
      .where(eq(scimUsers.workspaceId, workspaceId))
      .orderBy(asc(scimUsers.id))
  ).map((row) => row.id);
  if (ids.length === 0) return;
  await tx.delete(scimUsers).where(
    and(
      eq(scimUsers.workspaceId, workspaceId),
      inArray(
        scimUsers.id,
        picks.map((pick) => ids[pick % ids.length]),
      ),
    ),
  );
}

/** Runs the steps; returns the live workspaces and the deleted ones. */
async function run(steps: Step[]) {
  const slots: (string | undefined)[] = [];
  const deleted: string[] = [];
  for (const s of steps) {
    const workspaceId = (slots[s.slot] ??= await createWorkspace());
    if (s.kind === "insert") await insertUsers(db, workspaceId, s.seeds);
    if (s.kind === "delete") await deleteUsers(db, workspaceId, s.picks);
    if (s.kind === "insertAndDelete") {
      await db.transaction(async (tx) => {
        await insertUsers(tx, workspaceId, s.seeds);
        await deleteUsers(tx, workspaceId, s.picks);
      });
    }
    if (s.kind === "deleteWorkspace") {
      await db.delete(workspaces).where(eq(workspaces.id, workspaceId));
      deleted.push(workspaceId);
      slots[s.slot] = undefined;
    }
  }

  return {
    live: slots.filter((id): id is string => id !== undefined),
    deleted,
  };
}

async function countedAndReal(workspaceId: string) {
  const [counted] = await db
    .select({ n: sum(scimUserCounts.n).mapWith(Number), shards: count() })
    .from(scimUserCounts)
    .where(eq(scimUserCounts.workspaceId, workspaceId));
  const [real] = await db
    .select({ n: count() })
    .from(scimUsers)
    .where(eq(scimUsers.workspaceId, workspaceId));

  return { counted: counted.n, shards: counted.shards, real: real.n };
}

/** What the page should hold: a plain OFFSET/LIMIT query and a count. */
async function expectedPage(
  workspaceId: string,
  sortBy: UserSortKey,
  isDescending: boolean,
  offset: number,
  limit: number,
) {
  const direction = isDescending ? desc : asc;
  const rows = await db
    .select({ id: scimUsers.id })
    .from(scimUsers)
    .where(eq(scimUsers.workspaceId, workspaceId))
    .orderBy(direction(USER_SORT_KEYS[sortBy]), direction(scimUsers.id))
    .offset(offset)
    .limit(limit);

  return rows.map((row) => row.id);
}

const pageRequest = fc.record({
  slot,
  sortBy: fc.constantFrom(...(Object.keys(USER_SORT_KEYS) as UserSortKey[])),
  isDescending: fc.boolean(),
  // Percent of the workspace's size: before, in and past the end.
  offsetShare: fc.integer({ min: 0, max: 110 }),
  limitShare: fc.integer({ min: 0, max: 60 }),
});

describe("the stored count of a workspace's SCIM users", () => {
  it("is count(*) after any inserts and deletes, and pages read with it hold what OFFSET/LIMIT holds", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 10 }),
        fc.array(pageRequest, { minLength: 1, maxLength: 6 }),
        async (steps, requests) => {
          const { live, deleted } = await run(steps);

          for (const workspaceId of live) {
            const { counted, real } = await countedAndReal(workspaceId);
            expect(counted ?? 0).toBe(real);
            expect(await countScimUsers(db, workspaceId)).toBe(real);
          }
          for (const workspaceId of deleted) {
            expect(await countedAndReal(workspaceId)).toMatchObject({
              shards: 0,
              real: 0,
            });
          }
          if (live.length === 0) return;

          for (const request of requests) {
            const workspaceId = live[request.slot % live.length];
            const { real } = await countedAndReal(workspaceId);
            const offset = Math.floor((request.offsetShare * real) / 100);
            const limit = 1 + Math.floor((request.limitShare * real) / 100);
            const page = await findScimUsersPage(db, workspaceId, {
              offset,
              limit,
              sortBy: request.sortBy,
              isDescending: request.isDescending,
              countFrom: "stored",
            });

            expect(page.total).toBe(real);
            expect(page.users.map((user) => user.id)).toEqual(
              await expectedPage(
                workspaceId,
                request.sortBy,
                request.isDescending,
                offset,
                limit,
              ),
            );
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("is zero for a workspace without users, and counts each workspace apart", async () => {
    const [empty, some] = [await createWorkspace(), await createWorkspace()];
    await insertUsers(db, some, [
      { displayName: null, created: 0, updated: 0 },
      { displayName: "alpha", created: 1, updated: 1 },
    ]);
    const page = await findScimUsersPage(db, empty, { offset: 0, limit: 10 });

    expect(page).toEqual({ users: [], total: 0 });
    expect(await countedAndReal(some)).toMatchObject({ counted: 2, real: 2 });
  });

  it("follows a person moved to another workspace, and a TRUNCATE", async () => {
    const [from, to] = [await createWorkspace(), await createWorkspace()];
    await insertUsers(db, from, [
      { displayName: null, created: 0, updated: 0 },
      { displayName: "beta", created: 1, updated: 1 },
    ]);
    await db.execute(
      sql`update scim_users set workspace_id = ${to}
        where workspace_id = ${from} and display_name = 'beta'`,
    );

    expect(await countedAndReal(from)).toMatchObject({ counted: 1, real: 1 });
    expect(await countedAndReal(to)).toMatchObject({ counted: 1, real: 1 });

    // Rolled back, so that the rest of this file's database stays whole.
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`truncate scim_users cascade`);
        const [left] = await tx.select({ n: count() }).from(scimUserCounts);
        expect(left.n).toBe(0);
        tx.rollback();
      }),
    ).rejects.toThrow("Rollback");
    expect(await countedAndReal(from)).toMatchObject({ counted: 1, real: 1 });
  });
});
