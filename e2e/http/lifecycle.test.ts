import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, test } from "vitest";

import { scimUsers, workspaceMembers } from "@/db/schema";
import { addMember } from "@/lib/workspaces/add-member";
import { createUser } from "@/lib/workspaces/create-user";

import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { personState } from "../support/membership";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb, testDb } from "../support/test-db";

afterAll(closeTestDb);

const userBody = (email: string, extra: Record<string, unknown> = {}) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: email,
  name: { givenName: "Pat", familyName: "Person" },
  emails: [{ value: email, type: "work", primary: true }],
  active: true,
  ...extra,
});

const deactivate = {
  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  Operations: [{ op: "replace", value: { active: false } }],
};

describe("provisioning lifecycle", () => {
  test("deactivation leaves other workspaces and the personal workspace alone", async () => {
    const a = await createTestWorkspace({ role: "editor" });
    const b = await createTestWorkspace();
    const email = `multi-${uniqueId()}@example.com`;
    await createUser(testDb(), {
      email,
      name: "Multi Member",
      password: "long-password-1",
    });
    await addMember(testDb(), { workspaceSlug: b.slug, email, role: "admin" });

    const created = await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody(userBody(email)),
    });
    expect(created.status).toBe(201);
    const id = created.json?.id as string;
    expect((await personState(a.id, id)).membership).toMatchObject({
      role: "editor",
      source: "scim",
    });

    expect(
      (
        await scimRequest("PATCH", `/Users/${id}`, {
          token: a.token,
          ...jsonBody(deactivate),
        })
      ).status,
    ).toBe(200);

    const state = await personState(a.id, id);
    expect(state.membership).toBeUndefined();
    expect(state.memberships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          workspaceId: b.id,
          role: "admin",
          source: "manual",
        }),
        expect.objectContaining({ personal: true, role: "owner" }),
      ]),
    );
    expect(state.memberships).toHaveLength(2);
  });

  test("an existing manual member is adopted with their role unchanged", async () => {
    const a = await createTestWorkspace({ role: "reviewer" });
    const email = `adopt-${uniqueId()}@example.com`;
    await createUser(testDb(), {
      email,
      name: "Adopted",
      password: "long-password-1",
    });
    await addMember(testDb(), { workspaceSlug: a.slug, email, role: "admin" });

    const created = await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody(userBody(email.toUpperCase())),
    });

    expect(created.status).toBe(201);
    expect(
      (await personState(a.id, created.json?.id as string)).membership,
    ).toMatchObject({ role: "admin", source: "scim" });
  });

  test("an existing member created inactive loses the membership until reactivated; the last owner is refused", async () => {
    const a = await createTestWorkspace({ role: "reviewer" });
    const email = `adopt-off-${uniqueId()}@example.com`;
    await createUser(testDb(), {
      email,
      name: "Adopted Off",
      password: "long-password-1",
    });
    await addMember(testDb(), { workspaceSlug: a.slug, email, role: "admin" });

    const created = await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody(userBody(email, { active: false })),
    });
    const id = created.json?.id as string;

    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ active: false });
    expect((await personState(a.id, id)).membership).toBeUndefined();
    const [stored] = await testDb()
      .select({ role: scimUsers.roleBeforeDeactivation })
      .from(scimUsers)
      .where(and(eq(scimUsers.workspaceId, a.id), eq(scimUsers.id, id)));
    expect(stored.role).toBe("admin");

    const reactivated = await scimRequest("PATCH", `/Users/${id}`, {
      token: a.token,
      ...jsonBody({
        ...deactivate,
        Operations: [{ op: "replace", value: { active: true } }],
      }),
    });
    expect(reactivated.status).toBe(200);
    expect((await personState(a.id, id)).membership).toMatchObject({
      role: "admin",
    });

    const owner = await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody(userBody(a.owner.email, { active: false })),
    });
    expect(owner.status).toBe(409);
    expect(owner.json?.detail).toMatch(/last owner/);
    const ownerRows = await testDb()
      .select({ id: scimUsers.id })
      .from(scimUsers)
      .where(
        and(
          eq(scimUsers.workspaceId, a.id),
          eq(scimUsers.primaryEmail, a.owner.email),
        ),
      );
    expect(ownerRows).toEqual([]);
    const owners = await testDb()
      .select({ role: workspaceMembers.role })
      .from(workspaceMembers)
      .where(eq(workspaceMembers.workspaceId, a.id));
    expect(owners).toContainEqual({ role: "owner" });
  });

  test("PUT without active keeps the person active; PUT with active false deactivates", async () => {
    const a = await createTestWorkspace();
    const email = `put-${uniqueId()}@example.com`;
    const id = (
      await scimRequest("POST", "/Users", {
        token: a.token,
        ...jsonBody(userBody(email)),
      })
    ).json?.id as string;
    const withoutActive: Record<string, unknown> = userBody(email, {
      displayName: "Renamed",
    });
    delete withoutActive.active;

    const kept = await scimRequest("PUT", `/Users/${id}`, {
      token: a.token,
      ...jsonBody(withoutActive),
    });
    expect(kept.json).toMatchObject({ active: true, displayName: "Renamed" });

    const off = await scimRequest("PUT", `/Users/${id}`, {
      token: a.token,
      ...jsonBody(userBody(email, { active: false })),
    });
    expect(off.json).toMatchObject({ active: false });
    expect((await personState(a.id, id)).membership).toBeUndefined();
  });

  test("DELETE removes the membership and the SCIM user but keeps the account", async () => {
    const a = await createTestWorkspace();
    const email = `delete-${uniqueId()}@example.com`;
    const id = (
      await scimRequest("POST", "/Users", {
        token: a.token,
        ...jsonBody(userBody(email)),
      })
    ).json?.id as string;
    const before = await personState(a.id, id);

    const deleted = await scimRequest("DELETE", `/Users/${id}`, {
      token: a.token,
    });

    expect(deleted.status).toBe(204);
    expect(
      (await scimRequest("GET", `/Users/${id}`, { token: a.token })).status,
    ).toBe(404);
    expect((await personState(a.id, id)).scimUser).toBeUndefined();
    const { findUserById } = await import("@/db/queries/users");
    expect(await findUserById(testDb(), before.account!.id)).toMatchObject({
      email,
    });
  });

  test("the last owner is never removed by SCIM", async () => {
    const a = await createTestWorkspace();
    const created = await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody(userBody(a.owner.email)),
    });
    const id = created.json?.id as string;

    const refused = await scimRequest("PATCH", `/Users/${id}`, {
      token: a.token,
      ...jsonBody(deactivate),
    });
    const refusedDelete = await scimRequest("DELETE", `/Users/${id}`, {
      token: a.token,
    });

    expect(refused.status).toBe(409);
    expect(refused.json?.detail).toMatch(/last owner/);
    expect(refusedDelete.status).toBe(409);
    expect((await personState(a.id, id)).membership).toMatchObject({
      role: "owner",
    });
    expect(
      (await scimRequest("GET", `/Users/${id}`, { token: a.token })).json,
    ).toMatchObject({ active: true });
  });

  test("roles in the payload never raise privilege", async () => {
    const a = await createTestWorkspace({ role: "reviewer" });
    const email = `roles-${uniqueId()}@example.com`;
    const body = userBody(email, {
      roles: [{ value: "owner", primary: true }],
      entitlements: [{ value: "admin" }],
    });

    const created = await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody(body),
    });

    expect(
      (await personState(a.id, created.json?.id as string)).membership,
    ).toMatchObject({ role: "reviewer" });
  });

  test("50 identical creates at once give one 201 and 49 409s, never a 500, and one row", async () => {
    const a = await createTestWorkspace();
    const email = `race-${uniqueId()}@example.com`;

    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        scimRequest("POST", "/Users", {
          token: a.token,
          ...jsonBody(userBody(email)),
        }),
      ),
    );

    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(results.find((r) => r.status === 409)?.json).toMatchObject({
      scimType: "uniqueness",
      status: "409",
    });
    const listed = await scimRequest(
      "GET",
      `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`,
      { token: a.token },
    );
    expect(listed.json?.totalResults).toBe(1);
  });
});

describe("audit trail", () => {
  test("every SCIM write and admin action is audited with who, what and from where", async () => {
    const a = await createTestWorkspace();
    const email = `audit-${uniqueId()}@example.com`;
    const id = (
      await scimRequest("POST", "/Users", {
        token: a.token,
        ...jsonBody(userBody(email)),
      })
    ).json?.id as string;
    await scimRequest("PATCH", `/Users/${id}`, {
      token: a.token,
      ...jsonBody(deactivate),
    });
    await scimRequest("DELETE", `/Users/${id}`, { token: a.token });
    const { auditEvents } = await import("@/db/schema");
    const { asc, eq } = await import("drizzle-orm");

    const events = await testDb()
      .select({
        action: auditEvents.action,
        token: auditEvents.actorTokenId,
        ip: auditEvents.ip,
      })
      .from(auditEvents)
      .where(eq(auditEvents.workspaceId, a.id))
      .orderBy(asc(auditEvents.id));

    const actions = events.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "scim_token.created",
        "provisioning.enabled",
        "scim.user_created",
        "member.removed_by_scim",
        "scim.user_deactivated",
        "scim.user_deleted",
      ]),
    );
    for (const event of events.filter((e) => e.action.startsWith("scim."))) {
      expect(event).toMatchObject({
        token: a.tokenId,
        ip: expect.stringMatching(/^[0-9a-f:.]+$/),
      });
    }
  });
});

describe("writes under races and failures", () => {
  test("20 concurrent PATCHes to one user lose no change", async () => {
    const a = await createTestWorkspace();
    const email = `busy-${uniqueId()}@example.com`;
    const id = (
      await scimRequest("POST", "/Users", {
        token: a.token,
        ...jsonBody(userBody(email)),
      })
    ).json?.id as string;

    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        scimRequest("PATCH", `/Users/${id}`, {
          token: a.token,
          ...jsonBody({
            schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            Operations: [
              {
                op: "add",
                path: "phoneNumbers",
                value: [
                  {
                    value: `+1 555 01${String(i).padStart(2, "0")}`,
                    type: "work",
                  },
                ],
              },
            ],
          }),
        }).then((r) => r.status),
      ),
    );

    expect(statuses).toEqual(Array(20).fill(200));
    const user = await scimRequest("GET", `/Users/${id}`, { token: a.token });
    expect(user.json?.phoneNumbers).toHaveLength(20);
  });

  test("a create that fails after partial work leaves nothing half-written", async () => {
    const a = await createTestWorkspace();
    const externalId = `ext-${uniqueId()}`;
    await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody(userBody(`first-${uniqueId()}@example.com`, { externalId })),
    });
    const email = `late-${uniqueId()}@example.com`;

    // The account and membership are written before the SCIM row, whose
    // externalId then collides: the transaction must take all of it back.
    const refused = await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody(userBody(email, { externalId })),
    });

    expect(refused.status).toBe(409);
    const { findUserByEmail } = await import("@/db/queries/users");
    expect(await findUserByEmail(testDb(), email)).toBeUndefined();
  });
});
