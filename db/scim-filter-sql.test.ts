import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ENTERPRISE_USER_SCHEMA as ENT } from "../lib/scim/attributes";
import { parseFilter } from "../lib/scim/filter/parse";
import { compileUserFilter } from "./scim-filter-sql";
import {
  OPEN_TIMEOUT_MS,
  openTestDatabase,
  selectUserNames,
  seedWorkspace,
  type TestDatabase,
  type UserSeed,
} from "./scim-filter-test-db";

const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const ids = {
  bjensen: "b0000000-0000-4000-8000-000000000001",
  jose: "c0000000-0000-4000-8000-000000000003",
};
const groups = {
  admins: "a1000000-0000-4000-8000-000000000001",
  eng: "a2000000-0000-4000-8000-000000000002",
};
const at = (iso: string) => new Date(iso);

const users: UserSeed[] = [
  {
    id: ids.bjensen,
    userName: "bjensen",
    displayName: "Babs Jensen",
    externalId: "ext-1",
    createdAt: at("2024-01-10T08:00:00Z"),
    updatedAt: at("2025-03-01T00:00:00Z"),
    resource: {
      name: { givenName: "Barbara", familyName: "Jensen" },
      title: "Tour Guide",
      emails: [
        { type: "work", value: "bjensen@example.com", primary: true },
        { type: "home", value: "babs@home.example" },
      ],
      [ENT]: {
        department: "Sales",
        employeeNumber: "701984",
        manager: { value: "mgr-1", displayName: "Jane Boss" },
      },
    },
  },
  {
    userName: "JSmith",
    displayName: 'The "quoted" one (x)',
    externalId: "EXT-2",
    active: false,
    createdAt: at("2024-02-15T12:00:00Z"),
    resource: {
      title: null,
      emails: [{ type: "work", value: "shared@example.com" }],
      phoneNumbers: [{ type: "mobile", value: "+1 555 0100" }],
    },
  },
  {
    id: ids.jose,
    userName: "jose",
    displayName: "José Ñúñez",
    createdAt: at("2024-06-01T00:00:00Z"),
    resource: { title: "", name: {}, emails: [], [ENT]: { department: "R&D" } },
  },
  {
    userName: "percent",
    displayName: "100% legit_name\\",
    createdAt: at("2024-09-30T23:59:59.5Z"),
    resource: {
      title: "Boss",
      emails: [
        { type: "work", value: "p@example.com", primary: true },
        // The home address of this user is the work address of JSmith.
        { type: "home", value: "Shared@Example.com" },
      ],
    },
  },
  { userName: "nomail", createdAt: at("2025-01-01T00:00:00Z") },
].map((user) => ({ updatedAt: user.createdAt, ...user }));

const ALL = ["bjensen", "JSmith", "jose", "percent", "nomail"];
const except = (...names: string[]) => ALL.filter((n) => !names.includes(n));

const cases: { filter: string; expected: string[] }[] = [
  { filter: 'userName eq "BJENSEN"', expected: ["bjensen"] },
  { filter: 'USERNAME Eq "jsmith"', expected: ["JSmith"] },
  { filter: 'userName ne "bjensen"', expected: except("bjensen") },
  { filter: 'userName co "S"', expected: ["bjensen", "JSmith", "jose"] },
  { filter: 'userName sw "j"', expected: ["JSmith", "jose"] },
  { filter: 'userName ew "T"', expected: ["percent"] },
  { filter: 'userName gt "n"', expected: ["nomail", "percent"] },
  { filter: 'userName ge "percent"', expected: ["percent"] },
  { filter: 'userName lt "jose"', expected: ["bjensen"] },
  { filter: 'userName le "JSMITH"', expected: ["bjensen", "JSmith", "jose"] },
  { filter: `${CORE}:userName eq "Jose"`, expected: ["jose"] },
  { filter: 'externalId eq "ext-2"', expected: [] },
  { filter: 'externalId eq "EXT-2"', expected: ["JSmith"] },
  { filter: 'externalId ne "ext-1"', expected: except("bjensen") },
  { filter: "externalId pr", expected: ["bjensen", "JSmith"] },
  { filter: "externalId eq null", expected: ["jose", "percent", "nomail"] },
  { filter: "externalId ne null", expected: ["bjensen", "JSmith"] },
  { filter: "active eq true", expected: except("JSmith") },
  { filter: "active eq FALSE", expected: ["JSmith"] },
  { filter: "active ne true", expected: ["JSmith"] },
  { filter: 'title eq "TOUR GUIDE"', expected: ["bjensen"] },
  { filter: "title pr", expected: ["bjensen", "percent"] },
  { filter: "title eq null", expected: ["JSmith", "jose", "nomail"] },
  { filter: 'title ne "Tour Guide"', expected: except("bjensen") },
  { filter: 'not (title eq "Boss")', expected: except("percent") },
  { filter: 'name.givenName eq "barbara"', expected: ["bjensen"] },
  { filter: 'NAME.GIVENNAME sw "BAR"', expected: ["bjensen"] },
  { filter: `${CORE}:name.givenName pr`, expected: ["bjensen"] },
  { filter: "name pr", expected: ["bjensen"] },
  { filter: 'displayName eq "The \\"quoted\\" one (x)"', expected: ["JSmith"] },
  { filter: 'displayName eq "josé ñúñez"', expected: ["jose"] },
  {
    filter: 'displayName eq "Jos\\u00e9 \\u00d1\\u00fa\\u00f1ez"',
    expected: ["jose"],
  },
  { filter: 'displayName co "%"', expected: ["percent"] },
  { filter: 'displayName co "_"', expected: ["percent"] },
  { filter: 'displayName ew "\\\\"', expected: ["percent"] },
  { filter: 'displayName sw "100% LEGIT_"', expected: ["percent"] },
  { filter: 'displayName sw "b_bs"', expected: [] },
  { filter: 'displayName co "a%s"', expected: [] },
  { filter: 'emails eq "BJENSEN@example.com"', expected: ["bjensen"] },
  { filter: 'emails.value co "shared"', expected: ["JSmith", "percent"] },
  {
    filter: 'emails[type eq "work"].value eq "shared@example.com"',
    expected: ["JSmith"],
  },
  {
    filter: 'emails[type eq "work" and value eq "shared@example.com"]',
    expected: ["JSmith"],
  },
  { filter: 'emails[type eq "home"]', expected: ["bjensen", "percent"] },
  { filter: "emails[primary eq true]", expected: ["bjensen", "percent"] },
  {
    filter: "emails[not (primary eq true)]",
    expected: ["bjensen", "JSmith", "percent"],
  },
  {
    filter: 'emails[type eq "home" or type eq "work" and primary eq true]',
    expected: ["bjensen", "percent"],
  },
  {
    filter: 'emails[type eq "work" or type eq "home"].value ew ".COM"',
    expected: ["bjensen", "JSmith", "percent"],
  },
  { filter: "emails pr", expected: ["bjensen", "JSmith", "percent"] },
  { filter: "emails.value eq null", expected: ["jose", "nomail"] },
  {
    filter: 'emails.value ne "bjensen@example.com"',
    expected: ["bjensen", "JSmith", "percent"],
  },
  {
    filter: 'not (emails.value eq "bjensen@example.com")',
    expected: except("bjensen"),
  },
  { filter: 'phoneNumbers[type eq "mobile"]', expected: ["JSmith"] },
  { filter: `${ENT}:department eq "sales"`, expected: ["bjensen"] },
  { filter: `${ENT.toUpperCase()}:Department eq "r&d"`, expected: ["jose"] },
  { filter: `${ENT}:manager.value eq "mgr-1"`, expected: ["bjensen"] },
  { filter: `${ENT}:employeeNumber pr`, expected: ["bjensen"] },
  { filter: `${ENT}:manager pr`, expected: ["bjensen"] },
  {
    filter: `not (${ENT}:department pr)`,
    expected: ["JSmith", "percent", "nomail"],
  },
  {
    filter: 'meta.created gt "2024-03-01T00:00:00Z"',
    expected: ["jose", "percent", "nomail"],
  },
  { filter: 'meta.created lt "2024-02-15T12:00:00Z"', expected: ["bjensen"] },
  {
    filter: 'meta.created le "2024-02-15T12:00:00Z"',
    expected: ["bjensen", "JSmith"],
  },
  {
    filter: 'meta.created eq "2024-02-15T13:00:00+01:00"',
    expected: ["JSmith"],
  },
  {
    filter: 'meta.created ne "2024-01-10T08:00:00Z"',
    expected: except("bjensen"),
  },
  {
    filter: 'meta.created ge "2024-09-30T23:59:59.5Z"',
    expected: ["percent", "nomail"],
  },
  {
    filter: 'meta.created eq "2024-09-30T23:59:59.500Z"',
    expected: ["percent"],
  },
  {
    filter: 'meta.created gt "2024-09-30T23:59:59.500Z"',
    expected: ["nomail"],
  },
  {
    filter: 'meta.created gt "2024-09-30T23:59:59.499999Z"',
    expected: ["percent", "nomail"],
  },
  { filter: 'meta.created lt "2024-06-01"', expected: ["bjensen", "JSmith"] },
  { filter: 'meta.lastModified gt "2025-02-01"', expected: ["bjensen"] },
  { filter: 'meta.resourceType eq "User"', expected: ALL },
  { filter: 'meta.resourceType eq "user"', expected: [] },
  { filter: "meta pr", expected: ALL },
  { filter: `id eq "${ids.jose}"`, expected: ["jose"] },
  { filter: `id eq "${ids.jose.toUpperCase()}"`, expected: [] },
  { filter: 'id eq "not-a-uuid"', expected: [] },
  { filter: `id ne "${ids.jose}"`, expected: except("jose") },
  { filter: 'id sw "c0000000"', expected: ["jose"] },
  {
    filter: `groups.value eq "${groups.admins}"`,
    expected: ["bjensen", "JSmith"],
  },
  { filter: `groups eq "${groups.eng}"`, expected: ["jose"] },
  { filter: 'groups[display eq "ADMINS"]', expected: ["bjensen", "JSmith"] },
  {
    filter: `groups[type eq "direct" and value eq "${groups.eng}"]`,
    expected: ["jose"],
  },
  { filter: 'groups.value eq "nonsense"', expected: [] },
  { filter: "groups pr", expected: ["bjensen", "JSmith", "jose"] },
  { filter: "not (groups pr)", expected: ["percent", "nomail"] },
  {
    filter: 'userName eq "jose" or userName eq "percent" and active eq false',
    expected: ["jose"],
  },
  {
    filter: '(userName eq "jose" or userName eq "percent") and active eq true',
    expected: ["jose", "percent"],
  },
  {
    filter: 'not (userName eq "jose" or title pr) and active eq true',
    expected: ["nomail"],
  },
  {
    filter: 'userName eq "jose" OR NOT (active eq true)',
    expected: ["JSmith", "jose"],
  },
];

describe("compileUserFilter", () => {
  let database: TestDatabase;
  let workspaceId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    workspaceId = await seedWorkspace(database, {
      users,
      groups: [
        {
          id: groups.admins,
          displayName: "Admins",
          members: ["bjensen", "JSmith"],
        },
        { id: groups.eng, displayName: "Engineering", members: ["jose"] },
      ],
    });
    // Stored times carry microseconds, which a JS Date cannot seed.
    await database.client.query(
      `update scim_users set created_at = '2024-09-30T23:59:59.500400Z'
        where workspace_id = $1 and user_name = 'percent'`,
      [workspaceId],
    );
  }, OPEN_TIMEOUT_MS);
  afterAll(() => database.client.close());

  it.each(cases)("$filter", async ({ filter, expected }) => {
    const where = compileUserFilter(parseFilter(filter));

    const names = await selectUserNames(database, workspaceId, where);

    expect(names).toEqual([...expected].sort());
  });

  it("matches nothing, without a SQL error, on malformed documents", async () => {
    const odd = await seedWorkspace(database, {
      users: [
        {
          userName: "odd",
          resource: {
            emails: { value: "x" },
            name: "Ann",
            title: 5,
            active: "no",
          },
        },
      ],
    });
    const filters = [
      'emails.value eq "x"',
      'emails[type eq "work"]',
      "name.givenName pr",
      'title eq "5"',
    ];

    for (const filter of filters) {
      const where = compileUserFilter(parseFilter(filter));
      const expected = filter === 'title eq "5"' ? ["odd"] : [];
      await expect(selectUserNames(database, odd, where)).resolves.toEqual(
        expected,
      );
    }
  });
});
