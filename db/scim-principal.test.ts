import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDatabase } from "./client";
import { openEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";
import { migrateDatabase } from "./migrate";
import {
  findTokenWithRequestCount,
  findTokenWithUsersByKey,
} from "./queries/scim-principal";
import { findScimUsersByKey } from "./queries/scim-users";
import { provisioningSettings, rateLimits, scimTokens } from "./schema";
import { seedWorkspace, type TestDatabase } from "./scim-filter-test-db";

// The token read that starts every SCIM request runs on the driver and is
// decoded by hand (decision 0018). Through the driver the app uses (the
// embedded server speaks the wire protocol), its rows must be what
// Drizzle's own mapping gives for the same people, and its token fields
// what was stored.

let embedded: EmbeddedDatabase;
let handle: ReturnType<typeof createDatabase>;
let workspaceId: string;
let otherWorkspaceId: string;
const expiresAt = new Date("2031-05-06T07:08:09.123Z");
const db = () => handle.db;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "roster-principal-"));
  embedded = await openEmbeddedDatabase(path.join(dir, "data"));
  handle = createDatabase(embedded.url, { embedded: true });
  await migrateDatabase(handle.db);
  const seedDb = { db: handle.db } as unknown as TestDatabase;
  const people = [
    { userName: "bjensen", externalId: "ext-1", displayName: "Barbara" },
    { userName: "JSmith", resource: { name: { givenName: "Jo" } } },
  ];
  workspaceId = await seedWorkspace(seedDb, {
    users: people.map((person) => ({
      ...person,
      createdAt: new Date("2026-01-02T03:04:05.678Z"),
    })),
    groups: [
      { displayName: "Sales", members: ["bjensen"] },
      { displayName: "Admins", members: ["bjensen", "JSmith"] },
    ],
  });
  otherWorkspaceId = await seedWorkspace(seedDb, { users: people });
  await db()
    .insert(scimTokens)
    .values(
      [workspaceId, otherWorkspaceId].map((id, i) => ({
        workspaceId: id,
        tokenHash: `hash-${i}`,
        fragment: "test",
        expiresAt,
      })),
    );
  await db()
    .insert(provisioningSettings)
    .values({ workspaceId, enabled: true });
}, 60_000);

afterAll(async () => {
  await handle?.close();
  await embedded?.stop();
});

describe("the token read with a lookup", () => {
  it("finds the same people as the lookup alone, groups and dates included", async () => {
    for (const [key, value] of [
      ["userName", "BJensen"],
      ["userName", "jsmith"],
      ["externalId", "ext-1"],
      ["userName", "nobody"],
      ["externalId", "EXT-1"],
    ] as const) {
      const found = await findTokenWithUsersByKey(db(), "hash-0", key, value);
      const alone = await findScimUsersByKey(db(), workspaceId, key, value);

      expect(found?.token.workspaceId).toBe(workspaceId);
      expect(found?.users).toEqual(alone);
    }

    const found = await findTokenWithUsersByKey(
      db(),
      "hash-0",
      "userName",
      "bjensen",
    );
    expect(found?.users).toMatchObject([
      {
        userName: "bjensen",
        externalId: "ext-1",
        active: true,
        createdAt: new Date("2026-01-02T03:04:05.678Z"),
        roleBeforeDeactivation: null,
        groups: [{ displayName: "Admins" }, { displayName: "Sales" }],
      },
    ]);
  });

  it("reads only the token's own workspace", async () => {
    const [mine] = await findScimUsersByKey(
      db(),
      workspaceId,
      "userName",
      "bjensen",
    );
    const other = await findTokenWithUsersByKey(
      db(),
      "hash-1",
      "userName",
      "bjensen",
    );

    expect(other?.token.workspaceId).toBe(otherWorkspaceId);
    expect(other?.users).toHaveLength(1);
    expect(other?.users[0].id).not.toBe(mine.id);
    expect(other?.users[0].groups).toEqual([]);
  });

  it("finds nothing for an unknown token", async () => {
    expect(
      await findTokenWithUsersByKey(db(), "no-such-hash", "userName", "x"),
    ).toBeUndefined();
    expect(await findTokenWithRequestCount(db(), "no-such-hash")).toBe(
      undefined,
    );
  });
});

describe("the token's own fields", () => {
  it("are what was stored, the same with and without a lookup", async () => {
    const alone = await findTokenWithRequestCount(db(), "hash-0");
    const withLookup = await findTokenWithUsersByKey(
      db(),
      "hash-0",
      "userName",
      "nobody",
    );

    expect(alone).toEqual({
      id: expect.any(String),
      workspaceId,
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
      workspaceName: "Filters",
      plan: "enterprise",
      isProvisioningEnabled: true,
      storedRequestCount: 0,
      windowStart: null,
    });
    expect(withLookup?.token).toEqual(alone);
    // No settings row: provisioning is off.
    expect(
      (await findTokenWithRequestCount(db(), "hash-1"))?.isProvisioningEnabled,
    ).toBe(false);
  });

  it("carry the request count of the current window only", async () => {
    const token = await findTokenWithRequestCount(db(), "hash-0");
    const windowStart = new Date(Date.now() - 5_000);
    await db()
      .insert(rateLimits)
      .values({
        workspaceId,
        key: `scim:${token?.id}`,
        windowStart,
        count: 42,
      });

    const current = await findTokenWithRequestCount(db(), "hash-0");
    expect(current).toMatchObject({ storedRequestCount: 42, windowStart });

    await db()
      .update(rateLimits)
      .set({ windowStart: new Date(Date.now() - 3_600_000) });
    const ended = await findTokenWithUsersByKey(
      db(),
      "hash-0",
      "userName",
      "bjensen",
    );
    expect(ended?.token).toMatchObject({
      storedRequestCount: 0,
      windowStart: null,
    });
  });
});
