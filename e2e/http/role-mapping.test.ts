import { and, asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, test } from "vitest";

import { auditEvents, provisioningEvents, scimUsers } from "@/db/schema";
import { changeMemberRole } from "@/lib/roles/change-member-role";
import { createRoleMapping } from "@/lib/roles/create-role-mapping";
import { deleteRoleMapping } from "@/lib/roles/delete-role-mapping";
import { roleMappingSchema } from "@/lib/roles/role-mapping-schemas";
import { updateRoleMapping } from "@/lib/roles/update-role-mapping";
import { addMember } from "@/lib/workspaces/add-member";
import { createUser as createAccount } from "@/lib/workspaces/create-user";
import type { ProvisioningRole } from "@/lib/workspaces/roles";

import {
  createTestWorkspace,
  type TestWorkspace,
  uniqueId,
} from "../support/fixtures";
import { personState } from "../support/membership";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb, testDb } from "../support/test-db";

// Issue 6 over HTTP: IdP groups mapped to roles. The IdP side goes through
// the real SCIM routes; the admin side calls the same domain operations the
// settings page's server actions call.

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

afterAll(closeTestDb);

const send = (
  ws: TestWorkspace,
  method: string,
  path: string,
  body?: unknown,
) =>
  scimRequest(method, path, {
    token: ws.token,
    ...(body === undefined ? {} : jsonBody(body)),
  });

const patchGroup = (ws: TestWorkspace, id: string, ...operations: unknown[]) =>
  send(ws, "PATCH", `/Groups/${id}`, {
    schemas: [PATCH_OP],
    Operations: operations,
  });
const addTo = (ws: TestWorkspace, group: string, ...people: string[]) =>
  patchGroup(ws, group, {
    op: "add",
    path: "members",
    value: people.map((value) => ({ value })),
  });
const removeFrom = (ws: TestWorkspace, group: string, person: string) =>
  patchGroup(ws, group, {
    op: "remove",
    path: `members[value eq "${person}"]`,
  });
const setActive = (ws: TestWorkspace, person: string, active: boolean) =>
  send(ws, "PATCH", `/Users/${person}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: "replace", path: "active", value: active }],
  });

async function provision(ws: TestWorkspace, extra: object = {}) {
  const name = `Person ${uniqueId()}`;
  const response = await send(ws, "POST", "/Users", {
    userName: `${name.toLowerCase().replaceAll(" ", ".")}@test.example`,
    displayName: name,
    ...extra,
  });
  expect(response.status, response.text).toBe(201);

  return response.json?.id as string;
}

async function pushGroup(
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

const roleOf = async (ws: TestWorkspace, person: string) =>
  (await personState(ws.id, person)).membership?.role;
const rolesOf = (ws: TestWorkspace, people: string[]) =>
  Promise.all(people.map((p) => roleOf(ws, p)));

const admin = (ws: TestWorkspace) => ({
  workspaceId: ws.id,
  actorUserId: ws.owner.id,
});
const mapGroup = (ws: TestWorkspace, groupId: string, role: ProvisioningRole) =>
  createRoleMapping(testDb(), { ...admin(ws), groupId, role });

async function accountOf(ws: TestWorkspace, person: string) {
  const [row] = await testDb()
    .select({ userId: scimUsers.userId })
    .from(scimUsers)
    .where(and(eq(scimUsers.workspaceId, ws.id), eq(scimUsers.id, person)));

  return row.userId;
}

async function auditsOf(ws: TestWorkspace, action: string) {
  return testDb()
    .select({ targetId: auditEvents.targetId, details: auditEvents.details })
    .from(auditEvents)
    .where(
      and(eq(auditEvents.workspaceId, ws.id), eq(auditEvents.action, action)),
    )
    .orderBy(asc(auditEvents.id));
}

const eventDetails = async (ws: TestWorkspace) =>
  (
    await testDb()
      .select({ detail: provisioningEvents.detail })
      .from(provisioningEvents)
      .where(eq(provisioningEvents.workspaceId, ws.id))
  ).map((row) => row.detail);

describe("mapping a pushed group", () => {
  test("to Admin promotes its members, audited per member", async () => {
    const ws = await createTestWorkspace({ role: "reviewer" });
    const [ann, bob, outsider] = await Promise.all([
      provision(ws),
      provision(ws),
      provision(ws),
    ]);
    const leads = await pushGroup(ws, [ann, bob]);

    const result = await mapGroup(ws, leads, "admin");

    expect(result.changed).toBe(2);
    expect(await rolesOf(ws, [ann, bob, outsider])).toEqual([
      "admin",
      "admin",
      "reviewer",
    ]);
    const changes = await auditsOf(ws, "member.role_changed_by_mapping");
    expect(changes.map((c) => c.details).sort()).toEqual([
      { from: "reviewer", to: "admin", groupId: leads },
      { from: "reviewer", to: "admin", groupId: leads },
    ]);
    expect(await auditsOf(ws, "role_mapping.created")).toEqual([
      { targetId: leads, details: { role: "admin" } },
    ]);
  });

  test("an unknown group, another workspace's group, a duplicate and Owner are refused", async () => {
    const [ws, other] = await Promise.all([
      createTestWorkspace(),
      createTestWorkspace(),
    ]);
    const ours = await pushGroup(ws);
    const theirs = await pushGroup(other);
    await mapGroup(ws, ours, "editor");

    await expect(
      mapGroup(ws, "d0000000-0000-4000-8000-00000000beef", "admin"),
    ).rejects.toThrow("That group no longer exists.");
    await expect(mapGroup(ws, theirs, "admin")).rejects.toThrow(
      "That group no longer exists.",
    );
    await expect(mapGroup(ws, ours, "admin")).rejects.toThrow(
      /already mapped to a role; change its role in the list instead/,
    );
    expect(
      roleMappingSchema.safeParse({ groupId: ours, role: "owner" }).error
        ?.issues[0].message,
    ).toBe("Choose Admin, Editor, Developer or Reviewer.");
  });
});

describe("membership changes from the IdP", () => {
  test("adding to a mapped group promotes and the request's event names the group", async () => {
    const ws = await createTestWorkspace();
    const name = `Design Leads ${uniqueId()}`;
    const leads = await pushGroup(ws, [], name);
    await mapGroup(ws, leads, "admin");
    const ann = await provision(ws);

    const response = await addTo(ws, leads, ann);

    expect(response.status, response.text).toBe(200);
    expect(await roleOf(ws, ann)).toBe("admin");
    await expect
      .poll(() => eventDetails(ws))
      .toContain(`Role of 1 member(s) changed by group ${name}`);
  });

  test("removing a person from the group demotes them to the default role", async () => {
    const ws = await createTestWorkspace({ role: "developer" });
    const ann = await provision(ws);
    const leads = await pushGroup(ws, [ann]);
    await mapGroup(ws, leads, "admin");
    expect(await roleOf(ws, ann)).toBe("admin");

    expect((await removeFrom(ws, leads, ann)).status).toBe(200);

    expect(await roleOf(ws, ann)).toBe("developer");
    const changes = await auditsOf(ws, "member.role_changed_by_mapping");
    expect(changes.at(-1)?.details).toEqual({
      from: "admin",
      to: "developer",
      groupId: "default",
    });
  });

  test("PUT replacing the members recomputes who joined and who left", async () => {
    const ws = await createTestWorkspace();
    const [ann, bob] = await Promise.all([provision(ws), provision(ws)]);
    const name = `Editors ${uniqueId()}`;
    const editors = await pushGroup(ws, [ann], name);
    await mapGroup(ws, editors, "editor");

    const response = await send(ws, "PUT", `/Groups/${editors}`, {
      displayName: name,
      members: [{ value: bob }],
    });

    expect(response.status, response.text).toBe(200);
    expect(await rolesOf(ws, [ann, bob])).toEqual(["reviewer", "editor"]);
  });

  test("an unmapped group changes nobody's role", async () => {
    const ws = await createTestWorkspace();
    const ann = await provision(ws);
    const plain = await pushGroup(ws);

    await addTo(ws, plain, ann);

    expect(await roleOf(ws, ann)).toBe("reviewer");
    expect(await auditsOf(ws, "member.role_changed_by_mapping")).toEqual([]);
  });
});

describe("the highest role wins", () => {
  test("across groups, and leaving the top group falls back to the next", async () => {
    const ws = await createTestWorkspace({ role: "developer" });
    const ann = await provision(ws);
    const [contractors, designers, leads] = await Promise.all([
      pushGroup(ws, [ann]),
      pushGroup(ws, [ann]),
      pushGroup(ws, [ann]),
    ]);
    await mapGroup(ws, contractors, "reviewer");
    expect(await roleOf(ws, ann)).toBe("reviewer");
    await mapGroup(ws, leads, "admin");
    await mapGroup(ws, designers, "editor");
    expect(await roleOf(ws, ann)).toBe("admin");

    await removeFrom(ws, leads, ann);
    expect(await roleOf(ws, ann)).toBe("editor");
    await removeFrom(ws, designers, ann);
    expect(await roleOf(ws, ann)).toBe("reviewer");
    await removeFrom(ws, contractors, ann);
    expect(await roleOf(ws, ann)).toBe("developer");
  });
});

describe("deleting the group or the mapping recomputes roles", () => {
  test("DELETE /Groups of a mapped group", async () => {
    const ws = await createTestWorkspace();
    const [ann, bob] = await Promise.all([provision(ws), provision(ws)]);
    const leads = await pushGroup(ws, [ann, bob]);
    const editors = await pushGroup(ws, [bob]);
    await mapGroup(ws, leads, "admin");
    await mapGroup(ws, editors, "editor");

    expect((await send(ws, "DELETE", `/Groups/${leads}`)).status).toBe(204);

    expect(await rolesOf(ws, [ann, bob])).toEqual(["reviewer", "editor"]);
  });

  test("removing or changing the mapping", async () => {
    const ws = await createTestWorkspace();
    const ann = await provision(ws);
    const leads = await pushGroup(ws, [ann]);
    await mapGroup(ws, leads, "admin");

    const updated = await updateRoleMapping(testDb(), {
      ...admin(ws),
      groupId: leads,
      role: "developer",
    });
    expect(updated.changed).toBe(1);
    expect(await roleOf(ws, ann)).toBe("developer");

    const removed = await deleteRoleMapping(testDb(), {
      ...admin(ws),
      groupId: leads,
    });
    expect(removed.changed).toBe(1);
    expect(await roleOf(ws, ann)).toBe("reviewer");
    expect(
      (await auditsOf(ws, "role_mapping.deleted")).map((a) => a.details),
    ).toEqual([{ role: "developer" }]);
    await expect(
      deleteRoleMapping(testDb(), { ...admin(ws), groupId: leads }),
    ).rejects.toThrow(/no longer mapped/);
  });
});

describe("deactivation and reactivation", () => {
  test("a deactivated person is skipped, and on reactivation the mapped role wins over the restored one", async () => {
    const ws = await createTestWorkspace();
    const ann = await provision(ws);
    const leads = await pushGroup(ws, [ann]);
    await mapGroup(ws, leads, "admin");
    expect((await setActive(ws, ann, false)).status).toBe(200);

    await updateRoleMapping(testDb(), {
      ...admin(ws),
      groupId: leads,
      role: "editor",
    });
    expect(await roleOf(ws, ann)).toBeUndefined();

    expect((await setActive(ws, ann, true)).status).toBe(200);
    expect(await roleOf(ws, ann)).toBe("editor");
  });

  test("leaving a mapped group while deactivated: the role to restore follows the mapping", async () => {
    const ws = await createTestWorkspace({ role: "reviewer" });
    const ann = await provision(ws);
    const leads = await pushGroup(ws, [ann]);
    await mapGroup(ws, leads, "admin");
    expect(await roleOf(ws, ann)).toBe("admin");
    await setActive(ws, ann, false);
    expect((await removeFrom(ws, leads, ann)).status).toBe(200);

    await setActive(ws, ann, true);

    // restore_previous_role (the default policy) restores the role Ann would
    // hold had she stayed: in no mapped group, the role for provisioned members.
    expect(await roleOf(ws, ann)).toBe("reviewer");
    const audits = await auditsOf(ws, "member.role_changed_by_mapping");
    expect(audits.at(-1)?.details).toMatchObject({
      from: "admin",
      to: "reviewer",
      groupId: "default",
      whileDeactivated: true,
    });
  });
});

describe("the last owner survives any IdP request", () => {
  async function ownerUnderScim() {
    const ws = await createTestWorkspace();
    const owner = await provision(ws, {
      userName: ws.owner.email,
      emails: [{ value: ws.owner.email, primary: true }],
    });
    const reviewers = await pushGroup(ws, [owner]);
    await mapGroup(ws, reviewers, "reviewer");

    return { ws, owner, reviewers };
  }

  test("a mapping never demotes an owner", async () => {
    const { ws, owner, reviewers } = await ownerUnderScim();

    expect(await roleOf(ws, owner)).toBe("owner");
    expect((await removeFrom(ws, reviewers, owner)).status).toBe(200);
    expect(await roleOf(ws, owner)).toBe("owner");
    expect((await addTo(ws, reviewers, owner)).status).toBe(200);
    expect((await send(ws, "DELETE", `/Groups/${reviewers}`)).status).toBe(204);
    expect(await roleOf(ws, owner)).toBe("owner");
  });

  const refusals: [string, (ws: TestWorkspace, id: string) => unknown][] = [
    ["DELETE /Users", (ws, id) => send(ws, "DELETE", `/Users/${id}`)],
    ["PATCH active false", (ws, id) => setActive(ws, id, false)],
    [
      "PUT active false",
      (ws, id) =>
        send(ws, "PUT", `/Users/${id}`, {
          userName: ws.owner.email,
          active: false,
        }),
    ],
  ];
  test.each(refusals)(
    "%s is a 409 saying why, and nothing changes",
    async (_, request) => {
      const { ws, owner, reviewers } = await ownerUnderScim();

      const response = (await request(ws, owner)) as Awaited<
        ReturnType<typeof send>
      >;

      expect(response.status, response.text).toBe(409);
      expect(response.json).toMatchObject({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "409",
      });
      expect(response.json?.detail).toMatch(/last owner of the workspace/);
      expect(await roleOf(ws, owner)).toBe("owner");
      const user = await send(ws, "GET", `/Users/${owner}`);
      expect(user.json).toMatchObject({
        active: true,
        groups: [expect.objectContaining({ value: reviewers })],
      });
    },
  );

  test("two concurrent deactivations of the two owners leave one owner", async () => {
    const ws = await createTestWorkspace();
    const second = `second-${uniqueId()}@test.example`;
    await createAccount(testDb(), {
      email: second,
      name: "Second Owner",
      password: `pw-${uniqueId()}-secret`,
    });
    await addMember(testDb(), {
      workspaceSlug: ws.slug,
      email: second,
      role: "admin",
    });
    const secondId = await provision(ws, { userName: second });
    const { updateMembershipRoles } =
      await import("@/db/queries/managed-members");
    await updateMembershipRoles(
      testDb(),
      ws.id,
      [await accountOf(ws, secondId)],
      "owner",
    );
    const first = await provision(ws, { userName: ws.owner.email });

    const responses = await Promise.all([
      setActive(ws, first, false),
      setActive(ws, secondId, false),
    ]);

    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const roles = await rolesOf(ws, [first, secondId]);
    expect(roles.filter((r) => r === "owner")).toHaveLength(1);
  });
});

describe("roles in user payloads never raise privilege", () => {
  test("roles and entitlements on create and PATCH are stored, not granted", async () => {
    const ws = await createTestWorkspace();
    const leads = await pushGroup(ws);
    await mapGroup(ws, leads, "editor");
    const ann = await provision(ws, {
      roles: [{ value: "owner", primary: true }],
      entitlements: [{ value: "admin" }],
    });
    expect(await roleOf(ws, ann)).toBe("reviewer");

    const response = await send(ws, "PATCH", `/Users/${ann}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "add", path: "roles", value: [{ value: "admin" }] },
        { op: "add", path: "entitlements", value: [{ value: "owner" }] },
      ],
    });

    expect(response.status, response.text).toBe(200);
    expect(await roleOf(ws, ann)).toBe("reviewer");
  });
});

describe("manual role changes (decision 0008)", () => {
  test("refused for a member the IdP manages, naming the group", async () => {
    const ws = await createTestWorkspace();
    const ann = await provision(ws);
    const name = `Design Leads ${uniqueId()}`;
    const leads = await pushGroup(ws, [ann], name);
    await mapGroup(ws, leads, "admin");

    await expect(
      changeMemberRole(testDb(), {
        ...admin(ws),
        actorRole: "owner",
        userId: await accountOf(ws, ann),
        role: "reviewer",
      }),
    ).rejects.toThrow(
      `This person's role is managed by your identity provider through the group ${name}`,
    );
    expect(await roleOf(ws, ann)).toBe("admin");
  });

  test("allowed for a manual member, audited; Owner only by an owner; the last owner stays", async () => {
    const ws = await createTestWorkspace();
    const email = `manual-${uniqueId()}@test.example`;
    const account = await createAccount(testDb(), {
      email,
      name: "Manual Member",
      password: `pw-${uniqueId()}-secret`,
    });
    await addMember(testDb(), {
      workspaceSlug: ws.slug,
      email,
      role: "reviewer",
    });
    const change = (
      actorRole: "owner" | "admin",
      userId: string,
      role: "owner" | ProvisioningRole,
    ) => changeMemberRole(testDb(), { ...admin(ws), actorRole, userId, role });

    expect(await change("admin", account.id, "editor")).toEqual({
      changed: true,
    });
    await expect(change("admin", account.id, "owner")).rejects.toThrow(
      "Only an owner can make someone an owner",
    );
    await expect(change("owner", ws.owner.id, "admin")).rejects.toThrow(
      "last owner of the workspace",
    );
    expect(await auditsOf(ws, "member.role_changed")).toEqual([
      { targetId: account.id, details: { from: "reviewer", to: "editor" } },
    ]);
  });
});

describe("concurrency", () => {
  test("50 parallel PATCHes adding different members to a mapped group lose none", async () => {
    const ws = await createTestWorkspace();
    const leads = await pushGroup(ws);
    await mapGroup(ws, leads, "admin");
    const people = await Promise.all(
      Array.from({ length: 50 }, () => provision(ws)),
    );

    const responses = await Promise.all(
      people.map((person) => addTo(ws, leads, person)),
    );

    expect(responses.map((r) => r.status)).toEqual(people.map(() => 200));
    const group = await send(ws, "GET", `/Groups/${leads}`);
    expect(
      (group.json?.members as { value: string }[]).map((m) => m.value).sort(),
    ).toEqual([...people].sort());
    expect(await rolesOf(ws, people)).toEqual(people.map(() => "admin"));
  });

  test("mapping changes racing membership changes end consistent", async () => {
    const ws = await createTestWorkspace({ role: "reviewer" });
    const people = await Promise.all(
      Array.from({ length: 12 }, () => provision(ws)),
    );
    const [leads, editors] = await Promise.all([
      pushGroup(ws, people.slice(0, 6)),
      pushGroup(ws, people.slice(6)),
    ]);
    await mapGroup(ws, leads, "admin");
    await mapGroup(ws, editors, "editor");

    for (const round of [0, 1, 2]) {
      const leadsRole: ProvisioningRole = round % 2 ? "admin" : "developer";
      await Promise.all([
        updateRoleMapping(testDb(), {
          ...admin(ws),
          groupId: leads,
          role: leadsRole,
        }),
        ...people
          .slice(0, 6)
          .map((p, i) =>
            (i + round) % 2
              ? addTo(ws, editors, p)
              : removeFrom(ws, editors, p),
          ),
        ...people
          .slice(6)
          .map((p, i) =>
            (i + round) % 2 ? addTo(ws, leads, p) : removeFrom(ws, leads, p),
          ),
      ]);

      const groupMembers = async (id: string) =>
        new Set(
          (
            ((await send(ws, "GET", `/Groups/${id}`)).json?.members ?? []) as {
              value: string;
            }[]
          ).map((m) => m.value),
        );
      const [inLeads, inEditors] = await Promise.all([
        groupMembers(leads),
        groupMembers(editors),
      ]);
      const expected = people.map((p) => {
        const roles = [
          inLeads.has(p) ? leadsRole : null,
          inEditors.has(p) ? "editor" : null,
        ];
        const order = ["admin", "editor", "developer", "reviewer"];

        return (
          order.find((r) => roles.includes(r as ProvisioningRole)) ?? "reviewer"
        );
      });
      expect(await rolesOf(ws, people), `round ${round}`).toEqual(expected);
    }
  });

  test("a reactivation racing the person's addition to a mapped group ends with the mapped role", async () => {
    const ws = await createTestWorkspace();
    const leads = await pushGroup(ws);
    await mapGroup(ws, leads, "admin");
    const people = await Promise.all(
      Array.from({ length: 10 }, () => provision(ws)),
    );
    await Promise.all(people.map((p) => setActive(ws, p, false)));

    const responses = await Promise.all(
      people.flatMap((p) => [setActive(ws, p, true), addTo(ws, leads, p)]),
    );

    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    expect(await rolesOf(ws, people)).toEqual(people.map(() => "admin"));
  });
});
