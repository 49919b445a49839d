import { asc, count, eq, sum } from "drizzle-orm";
import { afterAll, describe, expect, test } from "vitest";

import { scimUserCounts, scimUsers, workspaces } from "@/db/schema";

import {
  createTestWorkspace,
  type TestWorkspace,
  uniqueId,
} from "../support/fixtures";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb, testDb } from "../support/test-db";

// totalResults of an unfiltered list, and where its later pages start, come
// from the count PostgreSQL keeps per workspace (scim_user_counts, decision
// 0016). On the real database, under concurrent writes, that count must stay
// the workspace's count(*).

afterAll(closeTestDb);

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

const userBody = (email: string) => ({
  schemas: [USER],
  userName: email,
  name: { givenName: "Count", familyName: "Person" },
  emails: [{ value: email, type: "work", primary: true }],
  active: true,
});

function create(ws: TestWorkspace, email = `count-${uniqueId()}@example.com`) {
  return scimRequest("POST", "/Users", {
    token: ws.token,
    ...jsonBody(userBody(email)),
  });
}

async function createMany(ws: TestWorkspace, n: number) {
  const created = await Promise.all(
    Array.from({ length: n }, () => create(ws)),
  );
  for (const result of created) expect(result.status, result.text).toBe(201);

  return created.map((result) => result.json?.id as string);
}

/** count(*), the stored count and how many shards hold it. */
async function counts(workspaceId: string) {
  const [real] = await testDb()
    .select({ n: count() })
    .from(scimUsers)
    .where(eq(scimUsers.workspaceId, workspaceId));
  const [stored] = await testDb()
    .select({ n: sum(scimUserCounts.n).mapWith(Number), shards: count() })
    .from(scimUserCounts)
    .where(eq(scimUserCounts.workspaceId, workspaceId));

  return { real: real.n, stored: stored.n ?? 0, shards: stored.shards };
}

async function idsInCreationOrder(workspaceId: string) {
  const rows = await testDb()
    .select({ id: scimUsers.id })
    .from(scimUsers)
    .where(eq(scimUsers.workspaceId, workspaceId))
    .orderBy(asc(scimUsers.createdAt), asc(scimUsers.id));

  return rows.map((row) => row.id);
}

describe("the stored count behind totalResults", () => {
  test("stays count(*) under 50 concurrent creates, deletes and refused duplicates in one workspace", async () => {
    const [ws, other] = await Promise.all([
      createTestWorkspace(),
      createTestWorkspace(),
    ]);
    const doomed = await createMany(ws, 10);
    const taken = `taken-${uniqueId()}@example.com`;
    expect((await create(ws, taken)).status).toBe(201);

    const results = await Promise.all([
      ...Array.from({ length: 50 }, () => create(ws)),
      ...doomed.map((id) =>
        scimRequest("DELETE", `/Users/${id}`, { token: ws.token }),
      ),
      ...Array.from({ length: 5 }, () => create(ws, taken)),
      ...Array.from({ length: 3 }, () => create(other)),
    ]);
    const statuses = results.map((result) => result.status);

    expect(statuses.filter((s) => s === 201)).toHaveLength(53);
    expect(statuses.filter((s) => s === 204)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    const after = await counts(ws.id);
    expect(after).toMatchObject({ real: 51, stored: 51 });
    // Concurrent creates wrote to different shards, not all to one row.
    expect(after.shards).toBeGreaterThan(1);
    expect(await counts(other.id)).toMatchObject({ real: 3, stored: 3 });

    const totalOnly = await scimRequest("GET", "/Users?count=0", {
      token: ws.token,
    });
    expect(totalOnly.json).toMatchObject({ totalResults: 51 });

    // The deepest page, read backwards from the end: the last six people.
    const last = await scimRequest("GET", "/Users?startIndex=46&count=10", {
      token: ws.token,
    });
    expect(last.status, last.text).toBe(200);
    expect(last.json).toMatchObject({
      totalResults: 51,
      startIndex: 46,
      itemsPerPage: 6,
    });
    expect(
      (last.json?.Resources as { id: string }[]).map((user) => user.id),
    ).toEqual((await idsInCreationOrder(ws.id)).slice(45));

    const otherPage = await scimRequest("GET", "/Users?startIndex=3", {
      token: other.token,
    });
    expect(otherPage.json).toMatchObject({ totalResults: 3, itemsPerPage: 1 });
  });

  test("a workspace deleted with its people and groups leaves no count behind", async () => {
    const [ws, kept] = await Promise.all([
      createTestWorkspace(),
      createTestWorkspace(),
    ]);
    const people = await createMany(ws, 4);
    await createMany(kept, 2);
    const group = await scimRequest("POST", "/Groups", {
      token: ws.token,
      ...jsonBody({
        schemas: [GROUP],
        displayName: `Counted ${uniqueId()}`,
        members: people.map((value) => ({ value })),
      }),
    });
    expect(group.status, group.text).toBe(201);
    expect(await counts(ws.id)).toMatchObject({ real: 4, stored: 4 });

    await testDb().delete(workspaces).where(eq(workspaces.id, ws.id));

    expect(await counts(ws.id)).toEqual({ real: 0, stored: 0, shards: 0 });
    expect(await counts(kept.id)).toMatchObject({ real: 2, stored: 2 });
  });
});
