import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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

beforeAll(async () => {
  database = await openTestDatabase();
  const workspaceId = await seedWorkspace(database, {
    users: names.map((userName, i) => ({
      userName,
      externalId: externalIds[i],
      displayName: `Person ${i}`,
    })),
  });
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
