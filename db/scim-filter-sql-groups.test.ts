import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseFilter } from "../lib/scim/filter/parse";
import { compileGroupFilter } from "./scim-filter-sql";
import {
  OPEN_TIMEOUT_MS,
  openTestDatabase,
  seedWorkspace,
  selectGroupNames,
  type TestDatabase,
} from "./scim-filter-test-db";

const users = {
  ann: "d0000000-0000-4000-8000-000000000001",
  bob: "d0000000-0000-4000-8000-000000000002",
};
const groupIds = {
  admins: "e0000000-0000-4000-8000-000000000001",
};

const cases: { filter: string; expected: string[] }[] = [
  { filter: 'displayName eq "admins"', expected: ["Admins"] },
  { filter: 'DISPLAYNAME eq "ENGINEERING"', expected: ["Engineering"] },
  { filter: 'displayName co "ENG"', expected: ["Engineering"] },
  { filter: 'displayName ne "Admins"', expected: ["Empty", "Engineering"] },
  { filter: 'externalId eq "okta-1"', expected: ["Admins"] },
  { filter: 'externalId eq "OKTA-1"', expected: [] },
  { filter: "externalId pr", expected: ["Admins"] },
  { filter: `id eq "${groupIds.admins}"`, expected: ["Admins"] },
  { filter: 'id eq "admins"', expected: [] },
  {
    filter: `members.value eq "${users.ann}"`,
    expected: ["Admins", "Engineering"],
  },
  { filter: `members eq "${users.bob}"`, expected: ["Admins"] },
  { filter: `members[value eq "${users.bob}"]`, expected: ["Admins"] },
  { filter: 'members.value eq "not-a-uuid"', expected: [] },
  {
    filter: `members[type eq "User" and value eq "${users.bob}"]`,
    expected: ["Admins"],
  },
  { filter: "members pr", expected: ["Admins", "Engineering"] },
  { filter: "not (members pr)", expected: ["Empty"] },
  { filter: "members eq null", expected: ["Empty"] },
  {
    filter: `not (members eq "${users.bob}")`,
    expected: ["Empty", "Engineering"],
  },
  {
    filter: 'meta.resourceType eq "Group"',
    expected: ["Admins", "Empty", "Engineering"],
  },
  { filter: 'meta.created lt "2000-01-01"', expected: [] },
  {
    filter: `displayName sw "e" and not (members.value eq "${users.ann}")`,
    expected: ["Empty"],
  },
];

const rejected: { filter: string; detail: RegExp }[] = [
  { filter: 'userName eq "x"', detail: /Unknown attribute "userName"/ },
  {
    filter: 'members.display eq "x"',
    detail: /"members.display" is not supported/,
  },
  { filter: 'members[foo eq "x"]', detail: /no sub-attribute "foo"/ },
  { filter: 'displayName[value eq "x"]', detail: /cannot take a value filter/ },
  { filter: "displayName eq", detail: /Expected a value/ },
];

describe("compileGroupFilter", () => {
  let database: TestDatabase;
  let workspaceId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    workspaceId = await seedWorkspace(database, {
      users: [
        { id: users.ann, userName: "ann" },
        { id: users.bob, userName: "bob" },
      ],
      groups: [
        {
          id: groupIds.admins,
          displayName: "Admins",
          externalId: "okta-1",
          members: ["ann", "bob"],
        },
        { displayName: "Engineering", members: ["ann"] },
        { displayName: "Empty" },
      ],
    });
  }, OPEN_TIMEOUT_MS);
  afterAll(() => database.client.close());

  it.each(cases)("$filter", async ({ filter, expected }) => {
    const where = compileGroupFilter(parseFilter(filter));

    const names = await selectGroupNames(database, workspaceId, where);

    expect(names).toEqual([...expected].sort());
  });

  it.each(rejected)("rejects $filter", ({ filter, detail }) => {
    expect(() => compileGroupFilter(parseFilter(filter))).toThrow(
      expect.objectContaining({
        status: 400,
        scimType: "invalidFilter",
        detail: expect.stringMatching(detail),
      }),
    );
  });
});
