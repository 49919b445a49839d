import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Database } from "./client";
import { findTokenWithUsersByKey } from "./queries/scim-principal";
import { findScimUsersByKey } from "./queries/scim-users";
import { scimTokens } from "./schema";
import { listScimUsersPage } from "../lib/provisioning/read-scim-users";
import type { ScimContext } from "../lib/provisioning/scim-context";
import { parseListParams } from "../lib/scim/list-params";
import {
  OPEN_TIMEOUT_MS,
  openTestDatabase,
  seedWorkspace,
  type TestDatabase,
  testScimContext,
} from "./scim-filter-test-db";

// `userName eq` and `externalId eq` take a prepared fast path
// (findScimUsersByKey). Adding `and userName pr`, which every stored user
// satisfies, sends the same question down the general filter compiler: the
// two answers must be the same document, whatever the value and letter case.

const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const names = ["bjensen", "JSmith", "José.Ñúñez", "100%_legit\\", "ß-straße"];
const externalIds = ["ext-1", "EXT-1", "e x t", "%"];

let database: TestDatabase;
let ctx: ScimContext;
let otherWorkspaceId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  const workspaceId = await seedWorkspace(database, {
    users: names.map((userName, i) => ({
      userName,
      externalId: externalIds[i],
      displayName: `Person ${i}`,
    })),
  });
  // Another workspace with the same people, and a token of each.
  otherWorkspaceId = await seedWorkspace(database, {
    users: names.map((userName, i) => ({
      userName,
      externalId: externalIds[i],
    })),
  });
  await database.db.insert(scimTokens).values(
    [workspaceId, otherWorkspaceId].map((id, i) => ({
      workspaceId: id,
      tokenHash: `hash-${i}`,
      fragment: "test",
      expiresAt: new Date(Date.now() + 86_400_000),
    })),
  );
  ctx = testScimContext(database, workspaceId);
}, OPEN_TIMEOUT_MS);

afterAll(() => database.client.close());

const randomCase = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) =>
      [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""),
    );
const value = fc.oneof(
  fc.constantFrom(...names, ...externalIds).chain(randomCase),
  fc.string({ maxLength: 8 }),
);
const attribute = fc.constantFrom(
  "userName",
  "USERNAME",
  `${CORE}:userName`,
  "externalId",
  "externalID",
);

const page = (filter: string, extra: Record<string, string> = {}) =>
  listScimUsersPage(
    ctx,
    parseListParams((name) => ({ filter, ...extra })[name] ?? null),
  );

describe("exact lookups by userName and externalId", () => {
  it("answer what the general filter compiler answers", async () => {
    await fc.assert(
      fc.asyncProperty(attribute, value, async (name, text) => {
        const quoted = JSON.stringify(text);
        const fast = await page(`${name} eq ${quoted}`);
        const general = await page(`${name} eq ${quoted} and userName pr`);

        expect(fast).toEqual(general);
      }),
      { numRuns: 150 },
    );
  });

  it("find a person by userName in any letter case, and externalId exactly", async () => {
    const byName = await page('userName eq "BJENSEN"');
    const byExternalId = await page('externalId eq "EXT-1"');

    expect(byName).toMatchObject({
      totalResults: 1,
      Resources: [{ userName: "bjensen" }],
    });
    expect(byExternalId).toMatchObject({
      totalResults: 1,
      Resources: [{ userName: "JSmith", externalId: "EXT-1" }],
    });
  });

  it("still validate sortBy and honour attributes", async () => {
    await expect(
      page('userName eq "bjensen"', { sortBy: "nickName" }),
    ).rejects.toMatchObject({ status: 400, scimType: "invalidValue" });

    const projected = await page('userName eq "bjensen"', {
      attributes: "userName",
    });

    expect(projected.Resources[0]).not.toHaveProperty("displayName");
  });
});

describe("a lookup read with its token", () => {
  const db = () => database.db as unknown as Database;

  it("finds the token's own people only, as the lookup alone would", async () => {
    for (const [key, value] of [
      ["userName", "BJensen"],
      ["externalId", "ext-1"],
      ["userName", "nobody"],
    ] as const) {
      const found = await findTokenWithUsersByKey(db(), "hash-0", key, value);
      const alone = await findScimUsersByKey(db(), ctx.workspaceId, key, value);

      expect(found?.token.workspaceId).toBe(ctx.workspaceId);
      expect(found?.users).toEqual(alone);
    }

    const [mine] = await findScimUsersByKey(
      db(),
      ctx.workspaceId,
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
  });

  it("finds nothing for an unknown token", async () => {
    expect(
      await findTokenWithUsersByKey(
        db(),
        "no-such-hash",
        "userName",
        "bjensen",
      ),
    ).toBeUndefined();
  });
});
