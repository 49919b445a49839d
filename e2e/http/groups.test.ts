import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { auditEvents } from "@/db/schema";

import {
  createTestWorkspace,
  type TestWorkspace,
  uniqueId,
} from "../support/fixtures";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb, testDb } from "../support/test-db";

// /Groups over HTTP: the Okta group push and Entra ID shapes (issue #3),
// membership limited to the workspace's own SCIM users, ETags, and many
// concurrent PATCHes on one group.

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
type Json = Record<string, unknown>;
type Member = { value: string; display?: string; type?: string; $ref?: string };

const send = (
  ws: TestWorkspace,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const request =
    body === undefined ? { body: undefined, headers: {} } : jsonBody(body);

  return scimRequest(method, path, {
    token: ws.token,
    body: request.body,
    headers: { ...request.headers, ...headers },
  });
};
const patch = (ws: TestWorkspace, id: string, ...operations: unknown[]) =>
  send(ws, "PATCH", `/Groups/${id}`, {
    schemas: [PATCH_OP],
    Operations: operations,
  });

async function createUser(ws: TestWorkspace, name = `Member ${uniqueId()}`) {
  const userName = `${name.toLowerCase().replaceAll(" ", ".")}@test.example`;
  const response = await send(ws, "POST", "/Users", {
    userName,
    displayName: name,
  });
  expect(response.status, response.text).toBe(201);

  return response.json?.id as string;
}

async function createGroup(
  ws: TestWorkspace,
  members: string[] = [],
  displayName = `Group ${uniqueId()}`,
) {
  const response = await send(ws, "POST", "/Groups", {
    displayName,
    members: members.map((value) => ({ value })),
  });
  expect(response.status, response.text).toBe(201);

  return response.json?.id as string;
}

async function readGroup(ws: TestWorkspace, id: string) {
  const response = await send(ws, "GET", `/Groups/${id}`);
  expect(response.status, response.text).toBe(200);
  const group = response.json as {
    displayName: string;
    members?: Member[];
    meta: { version: string };
  };

  return {
    ...group,
    memberIds: (group.members ?? []).map((m) => m.value).sort(),
  };
}

function expectScimError(
  response: Awaited<ReturnType<typeof scimRequest>>,
  status: number,
  scimType?: string,
) {
  expect(response.status, response.text).toBe(status);
  expect(response.json).toMatchObject({
    status: String(status),
    ...(scimType ? { scimType } : {}),
  });
}

let ws: TestWorkspace;
let other: TestWorkspace;
let ann: string;
let bob: string;

beforeAll(async () => {
  [ws, other] = await Promise.all([
    createTestWorkspace(),
    createTestWorkspace(),
  ]);
  [ann, bob] = await Promise.all([
    createUser(ws, `Ann ${uniqueId()}`),
    createUser(ws, `Bob ${uniqueId()}`),
  ]);
});

afterAll(closeTestDb);

describe("create and read", () => {
  test("POST answers 201 with members, meta, ETag and Location; GET agrees", async () => {
    const displayName = `Engineering ${uniqueId()}`;
    const created = await send(ws, "POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName,
      externalId: "okta-eng",
      members: [
        { value: ann, display: "ignored" },
        { value: ann.toUpperCase() },
      ],
    });

    expect(created.status, created.text).toBe(201);
    const id = created.json?.id as string;
    expect(created.json).toMatchObject({
      displayName,
      externalId: "okta-eng",
      members: [
        {
          value: ann,
          type: "User",
          $ref: expect.stringMatching(new RegExp(`/Users/${ann}$`)),
        },
      ],
      meta: {
        resourceType: "Group",
        version: 'W/"1"',
        location: expect.stringMatching(new RegExp(`/Groups/${id}$`)),
      },
    });
    expect((created.json?.members as Member[])[0].display).toMatch(/^Ann /);
    expect(created.headers.get("etag")).toBe('W/"1"');
    expect(created.headers.get("location")).toMatch(
      new RegExp(`/Groups/${id}$`),
    );
    expect((await readGroup(ws, id)).memberIds).toEqual([ann]);
  });

  test.each([
    ["no displayName", { members: [] }],
    ["an empty displayName", { displayName: " " }],
  ])("POST with %s is 400 invalidValue", async (_, body) => {
    expectScimError(
      await send(ws, "POST", "/Groups", body),
      400,
      "invalidValue",
    );
  });

  test("a member that is not a UUID or no user here is 400 naming it, and nothing is created", async () => {
    const displayName = `Refused ${uniqueId()}`;
    const unknown = "d0000000-0000-4000-8000-00000000beef";
    for (const value of ["not-a-uuid", unknown]) {
      const response = await send(ws, "POST", "/Groups", {
        displayName,
        members: [{ value: bob }, { value }],
      });
      expectScimError(response, 400, "invalidValue");
      expect(response.json?.detail).toContain(value);
    }
    const found = await send(
      ws,
      "GET",
      `/Groups?filter=${encodeURIComponent(`displayName eq "${displayName}"`)}`,
    );
    expect(found.json?.totalResults).toBe(0);
  });

  test("filter, excludedAttributes=members, count=0 and /.search", async () => {
    const displayName = `Find Me ${uniqueId()}`;
    const id = await createGroup(ws, [ann, bob], displayName);
    const filter = encodeURIComponent(
      `displayName eq "${displayName.toUpperCase()}"`,
    );

    const listed = await send(ws, "GET", `/Groups?filter=${filter}`);
    expect(listed.json).toMatchObject({
      totalResults: 1,
      itemsPerPage: 1,
      Resources: [{ id, displayName }],
    });
    expect((listed.json?.Resources as Json[])[0].members).toHaveLength(2);

    const lean = await send(
      ws,
      "GET",
      `/Groups?filter=${filter}&excludedAttributes=members`,
    );
    expect((lean.json?.Resources as Json[])[0]).not.toHaveProperty("members");
    expect((lean.json?.Resources as Json[])[0]).toMatchObject({
      id,
      displayName,
      meta: { resourceType: "Group" },
    });
    const single = await send(
      ws,
      "GET",
      `/Groups/${id}?excludedAttributes=members`,
    );
    expect(single.json).not.toHaveProperty("members");

    const counted = await send(
      ws,
      "GET",
      `/Groups?filter=${encodeURIComponent(`members.value eq "${bob}"`)}&count=0`,
    );
    expect(counted.json).toMatchObject({
      totalResults: expect.any(Number),
      itemsPerPage: 0,
      Resources: [],
    });
    expect(counted.json?.totalResults as number).toBeGreaterThanOrEqual(1);

    const searched = await send(ws, "POST", "/Groups/.search", {
      filter: `displayName eq "${displayName}"`,
      attributes: ["displayName"],
    });
    expect(searched.json).toMatchObject({
      totalResults: 1,
      Resources: [{ id, displayName }],
    });
    expect((searched.json?.Resources as Json[])[0]).not.toHaveProperty(
      "members",
    );

    expectScimError(
      await send(
        ws,
        "GET",
        `/Groups?filter=${encodeURIComponent('title eq "x"')}`,
      ),
      400,
      "invalidFilter",
    );
  });

  test("sortBy displayName in either order; an unknown sortBy is 400", async () => {
    const prefix = `Sorted ${uniqueId()}`;
    for (const name of ["b", "C", "a"])
      await createGroup(ws, [], `${prefix} ${name}`);
    const filter = encodeURIComponent(`displayName sw "${prefix}"`);
    const namesOf = async (query: string) =>
      (
        (await send(ws, "GET", `/Groups?filter=${filter}&${query}`)).json
          ?.Resources as Json[]
      ).map((g) => g.displayName);

    expect(await namesOf("sortBy=displayName")).toEqual(
      ["a", "b", "C"].map((n) => `${prefix} ${n}`),
    );
    expect(await namesOf("sortBy=displayName&sortOrder=descending")).toEqual(
      ["C", "b", "a"].map((n) => `${prefix} ${n}`),
    );
    expectScimError(
      await send(ws, "GET", "/Groups?sortBy=constructor"),
      400,
      "invalidValue",
    );
  });

  test("discovery advertises the Group resource type and schema", async () => {
    const types = await send(ws, "GET", "/ResourceTypes");
    expect((types.json?.Resources as Json[]).map((t) => t.name)).toContain(
      "Group",
    );
    expect(
      (
        await send(
          ws,
          "GET",
          "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group",
        )
      ).status,
    ).toBe(200);
  });
});

describe("Okta group push", () => {
  test("rename carrying the id, remove members[value eq …], add a member list", async () => {
    const id = await createGroup(ws, [ann, bob]);

    const renamed = await patch(ws, id, {
      op: "replace",
      value: { id, displayName: "Okta Renamed" },
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.json).toMatchObject({
      displayName: "Okta Renamed",
      meta: { version: 'W/"2"' },
    });

    const removed = await patch(ws, id, {
      op: "remove",
      path: `members[value eq "${ann}"]`,
    });
    expect(removed.status, removed.text).toBe(200);
    expect((await readGroup(ws, id)).memberIds).toEqual([bob]);

    const added = await patch(ws, id, {
      op: "add",
      path: "members",
      value: [{ value: ann, display: "x" }],
    });
    expect(added.status, added.text).toBe(200);
    expect((await readGroup(ws, id)).memberIds).toEqual([ann, bob].sort());
  });

  test("an id other than the group's own is 400 mutability", async () => {
    const id = await createGroup(ws);
    const response = await patch(ws, id, {
      op: "replace",
      value: { id: ann, displayName: "Nope" },
    });
    expectScimError(response, 400, "mutability");
  });
});

describe("Entra ID", () => {
  test("capitalised Add, Remove with a value list, Replace of displayName", async () => {
    const id = await createGroup(ws);

    expect(
      (
        await patch(ws, id, {
          op: "Add",
          path: "members",
          value: [{ value: ann }, { value: bob }],
        })
      ).status,
    ).toBe(200);
    expect((await readGroup(ws, id)).memberIds).toEqual([ann, bob].sort());

    expect(
      (
        await patch(ws, id, {
          op: "Remove",
          path: "members",
          value: [{ value: bob }],
        })
      ).status,
    ).toBe(200);
    expect((await readGroup(ws, id)).memberIds).toEqual([ann]);

    const renamed = await patch(ws, id, {
      op: "Replace",
      path: "displayName",
      value: "Entra Name",
    });
    expect(renamed.json).toMatchObject({ displayName: "Entra Name" });
  });

  test("replace of members with [] empties the group", async () => {
    const id = await createGroup(ws, [ann, bob]);
    expect(
      (await patch(ws, id, { op: "replace", path: "members", value: [] }))
        .status,
    ).toBe(200);
    expect((await readGroup(ws, id)).memberIds).toEqual([]);
  });
});

describe("versions, PUT and DELETE", () => {
  test("a PATCH that changes nothing keeps the version; If-Match is honoured", async () => {
    const id = await createGroup(ws, [ann]);
    const again = await patch(ws, id, {
      op: "add",
      path: "members",
      value: [{ value: ann }],
    });
    expect(again.json).toMatchObject({ meta: { version: 'W/"1"' } });
    expect(again.headers.get("etag")).toBe('W/"1"');

    const body = {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "displayName", value: "Stale" }],
    };
    expectScimError(
      await send(ws, "PATCH", `/Groups/${id}`, body, { "If-Match": 'W/"9"' }),
      412,
    );
    expect(
      (await send(ws, "PATCH", `/Groups/${id}`, body, { "If-Match": 'W/"1"' }))
        .status,
    ).toBe(200);
    expectScimError(
      await send(ws, "DELETE", `/Groups/${id}`, undefined, {
        "If-Match": 'W/"1"',
      }),
      412,
    );
  });

  test("PUT replaces displayName, externalId and members; displayName is required", async () => {
    const id = await createGroup(ws, [ann]);
    const replaced = await send(ws, "PUT", `/Groups/${id}`, {
      id,
      displayName: "Put Name",
      members: [{ value: bob }],
    });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.json).toMatchObject({
      displayName: "Put Name",
      meta: { version: 'W/"2"' },
    });
    expect((await readGroup(ws, id)).memberIds).toEqual([bob]);

    expectScimError(
      await send(ws, "PUT", `/Groups/${id}`, { members: [] }),
      400,
      "invalidValue",
    );
    expectScimError(
      await send(ws, "PUT", `/Groups/${id}`, { displayName: "" }),
      400,
      "invalidValue",
    );
  });

  test("DELETE answers 204, then 404; ids that are not UUIDs are 404", async () => {
    const id = await createGroup(ws, [ann]);
    expect((await send(ws, "DELETE", `/Groups/${id}`)).status).toBe(204);
    expectScimError(await send(ws, "GET", `/Groups/${id}`), 404);
    expectScimError(await send(ws, "GET", "/Groups/not-a-uuid"), 404);
    expectScimError(
      await patch(ws, "not-a-uuid", { op: "add", path: "members", value: [] }),
      404,
    );
    expect((await send(ws, "GET", `/Users/${ann}`)).status).toBe(200);
  });

  test("group writes are audited with the token as actor", async () => {
    const id = await createGroup(ws);
    await patch(ws, id, {
      op: "replace",
      path: "displayName",
      value: "Audited",
    });
    await send(ws, "DELETE", `/Groups/${id}`);

    const rows = await testDb()
      .select({
        action: auditEvents.action,
        actorTokenId: auditEvents.actorTokenId,
      })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.workspaceId, ws.id), eq(auditEvents.targetId, id)),
      );
    expect(rows.map((r) => r.action).sort()).toEqual([
      "scim.group_created",
      "scim.group_deleted",
      "scim.group_updated",
    ]);
    expect(rows.every((r) => r.actorTokenId === ws.tokenId)).toBe(true);
  });
});

describe("members and users", () => {
  test("a user's GET lists their groups; deleting the user removes them from groups", async () => {
    const carl = await createUser(ws);
    const displayName = `Carl's ${uniqueId()}`;
    const id = await createGroup(ws, [carl, ann], displayName);

    const user = await send(ws, "GET", `/Users/${carl}`);
    expect(user.json?.groups).toEqual([
      expect.objectContaining({ value: id, display: displayName }),
    ]);

    expect((await send(ws, "DELETE", `/Users/${carl}`)).status).toBe(204);
    expect((await readGroup(ws, id)).memberIds).toEqual([ann]);
  });

  test("workspaces do not see each other's groups or users", async () => {
    const theirs = await createGroup(other);
    const theirUser = await createUser(other);
    const ours = await createGroup(ws);

    expectScimError(await send(ws, "GET", `/Groups/${theirs}`), 404);
    expectScimError(
      await patch(ws, theirs, {
        op: "replace",
        path: "displayName",
        value: "Taken",
      }),
      404,
    );
    expectScimError(await send(ws, "DELETE", `/Groups/${theirs}`), 404);

    const response = await patch(ws, ours, {
      op: "add",
      path: "members",
      value: [{ value: theirUser }],
    });
    expectScimError(response, 400, "invalidValue");
    expect(response.json?.detail).toContain(theirUser);
    expect((await readGroup(ws, ours)).memberIds).toEqual([]);
    expect((await readGroup(other, theirs)).displayName).not.toBe("Taken");
  });

  test("50 concurrent PATCHes adding different members lose none", async () => {
    const id = await createGroup(ws);
    const people = await Promise.all(
      Array.from({ length: 50 }, () => createUser(ws)),
    );

    const responses = await Promise.all(
      people.map((value) =>
        patch(ws, id, { op: "add", path: "members", value: [{ value }] }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(people.map(() => 200));

    const group = await readGroup(ws, id);
    expect(group.memberIds).toEqual([...people].sort());
    expect(group.meta.version).toBe('W/"51"');
  });

  test("of 20 concurrent PATCHes with the same If-Match, exactly one wins", async () => {
    const id = await createGroup(ws);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const body = {
          schemas: [PATCH_OP],
          Operations: [
            { op: "replace", path: "displayName", value: `Race ${i}` },
          ],
        };

        return send(ws, "PATCH", `/Groups/${id}`, body, {
          "If-Match": 'W/"1"',
        });
      }),
    );

    expect(responses.map((r) => r.status).sort()).toEqual([
      200,
      ...Array.from({ length: 19 }, () => 412),
    ]);
    expect((await readGroup(ws, id)).meta.version).toBe('W/"2"');
  });
});
