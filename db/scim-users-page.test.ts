import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { USER_SORT_KEYS, type UserSortKey } from "./queries/scim-users";
import { findScimUsersPage } from "./queries/scim-users-page";
import { scimUsers } from "./schema";
import { compileUserFilter } from "./scim-filter-sql";
import {
  OPEN_TIMEOUT_MS,
  openTestDatabase,
  seedWorkspace,
  type TestDatabase,
  testScimContext,
} from "./scim-filter-test-db";
import {
  getScimUser,
  listScimUsersPage,
} from "../lib/provisioning/read-scim-users";
import type { ScimContext } from "../lib/provisioning/scim-context";
import { parseFilter } from "../lib/scim/filter/parse";
import { parseListParams } from "../lib/scim/list-params";

// A list page is one statement: the ids after the offset, the page's rows
// and the count from the page's start (db/queries/scim-users-page.ts). Every
// page must be what a plain OFFSET/LIMIT query and a count(*) say, in every
// order, with and without a filter, before, at and past the end.

const USERS = 31;
const displayNames = ["alpha", "Beta", "beta", null, "Gamma", "delta"];
const start = Date.UTC(2026, 0, 1);

let database: TestDatabase;
let ctx: ScimContext;

beforeAll(async () => {
  database = await openTestDatabase();
  // Inserted in an order that none of the sort keys follows; creation times
  // repeat in threes, so the id decides between them.
  const users = Array.from({ length: USERS }, (_, i) => {
    const n = (i * 7) % USERS;

    return {
      userName: `${n % 2 ? "User" : "user"}-${String(n).padStart(2, "0")}`,
      externalId: `ext-${n}`,
      displayName: displayNames[n % displayNames.length] ?? undefined,
      active: n % 4 !== 0,
      createdAt: new Date(start + Math.floor(n / 3) * 60_000),
      updatedAt: new Date(start + ((n * 11) % USERS) * 60_000),
      resource: { title: `Title ${n}` },
    };
  });
  const workspaceId = await seedWorkspace(database, {
    users,
    groups: [
      { displayName: "Zeta", members: ["user-00", "User-07", "user-12"] },
      { displayName: "Admins", members: ["User-07", "user-30"] },
    ],
  });
  ctx = testScimContext(database, workspaceId);
}, OPEN_TIMEOUT_MS);

afterAll(() => database.client.close());

/** What the page should hold: a plain OFFSET/LIMIT query and a count. */
async function expectedPage(
  filter: string | undefined,
  sortBy: UserSortKey | undefined,
  isDescending: boolean,
  offset: number,
  limit: number,
) {
  const where: SQL | undefined = filter
    ? compileUserFilter(parseFilter(filter))
    : undefined;
  const matches = and(eq(scimUsers.workspaceId, ctx.workspaceId), where);
  const direction = isDescending ? desc : asc;
  const rows = await database.db
    .select({ id: scimUsers.id })
    .from(scimUsers)
    .where(matches)
    .orderBy(
      direction(USER_SORT_KEYS[sortBy ?? "meta.created"]),
      direction(scimUsers.id),
    )
    .offset(offset)
    .limit(limit);
  const [{ n }] = await database.db
    .select({ n: count() })
    .from(scimUsers)
    .where(matches);

  return { ids: rows.map((row) => row.id), total: n };
}

const sortByName: Record<UserSortKey, string> = {
  username: "userName",
  displayname: "displayName",
  "meta.created": "meta.created",
  "meta.lastmodified": "meta.lastModified",
};

describe("list pages", () => {
  it("hold what OFFSET/LIMIT and count(*) hold, in every order and filter", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(
          fc.constantFrom(
            "userName pr",
            'displayName sw "b"',
            "active eq false",
            'userName co "nobody"',
          ),
          { nil: undefined },
        ),
        fc.option(
          fc.constantFrom(...(Object.keys(sortByName) as UserSortKey[])),
          { nil: undefined },
        ),
        fc.boolean(),
        fc.integer({ min: 1, max: USERS + 3 }),
        fc.integer({ min: 0, max: USERS + 2 }),
        async (filter, sortBy, isDescending, startIndex, pageSize) => {
          const query: Record<string, string> = {
            startIndex: String(startIndex),
            count: String(pageSize),
            sortOrder: isDescending ? "descending" : "ascending",
            ...(filter ? { filter } : {}),
            ...(sortBy ? { sortBy: sortByName[sortBy] } : {}),
          };
          const page = await listScimUsersPage(
            ctx,
            parseListParams((name) => query[name] ?? null),
          );
          const expected = await expectedPage(
            filter,
            sortBy,
            isDescending,
            startIndex - 1,
            pageSize,
          );

          expect(page.Resources.map((r) => r.id)).toEqual(expected.ids);
          expect(page).toMatchObject({
            totalResults: expected.total,
            startIndex,
            itemsPerPage: expected.ids.length,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("are the same whichever way they count", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(sortByName) as UserSortKey[])),
        fc.boolean(),
        fc.integer({ min: 0, max: USERS + 2 }),
        fc.integer({ min: 1, max: USERS + 2 }),
        fc.boolean(),
        async (sortBy, isDescending, offset, limit, isFiltered) => {
          const filter = isFiltered ? 'displayName sw "b"' : undefined;
          const where = filter
            ? compileUserFilter(parseFilter(filter))
            : undefined;
          const expected = await expectedPage(
            filter,
            sortBy,
            isDescending,
            offset,
            limit,
          );
          const ways = isFiltered
            ? (["offset", "start"] as const)
            : (["stored", "offset", "start"] as const);
          for (const countFrom of ways) {
            const page = await findScimUsersPage(ctx.db, ctx.workspaceId, {
              where,
              offset,
              limit,
              sortBy,
              isDescending,
              countFrom,
            });

            expect(page.users.map((u) => u.id)).toEqual(expected.ids);
            // Counting from the offset past the last match counts nothing.
            if (countFrom === "offset" && offset >= expected.total) {
              expect(page.total ?? expected.total).toBe(expected.total);
            } else expect(page.total).toBe(expected.total);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("hold each user as GET /Users/{id} shows them, groups and projection too", async () => {
    for (const projection of [
      {},
      { attributes: "userName,groups.display" },
      { excludedAttributes: "groups,title" },
    ] as Record<string, string>[]) {
      const page = await listScimUsersPage(
        ctx,
        parseListParams((name) => ({ count: "50", ...projection })[name]),
      );

      expect(page.totalResults).toBe(USERS);
      for (const resource of page.Resources) {
        const single = await getScimUser(
          ctx,
          String(resource.id),
          parseListParams((name) => projection[name]),
        );
        expect(resource).toEqual(single.resource);
      }
    }
    const whole = await listScimUsersPage(
      ctx,
      parseListParams((name) => (name === "filter" ? "userName pr" : null)),
    );
    const memberOfTwo = whole.Resources.find((r) => r.userName === "User-07");

    expect(memberOfTwo?.groups).toMatchObject([
      { display: "Admins" },
      { display: "Zeta" },
    ]);
  });
});
