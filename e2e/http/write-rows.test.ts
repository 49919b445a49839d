import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, test } from "vitest";

import { pipeline } from "@/db/pipeline";
import { insertAuditEvent } from "@/db/queries/audit";
import {
  auditEvents,
  emailOutbox,
  invitations,
  scimUsers,
  users,
  workspaceMembers,
  workspaces,
} from "@/db/schema";

import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb, testDb } from "../support/test-db";

// Create and deactivate send their writes together and in SQL rather than
// one builder query at a time (db/pipeline.ts): these tests pin every row
// they write, the order of the audit trail, and all-or-nothing failures.

afterAll(closeTestDb);

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

const userBody = (email: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER],
  userName: email,
  name: { givenName: "Pat", familyName: "Person" },
  emails: [{ value: email, type: "work", primary: true }],
  active: true,
  ...extra,
});

async function auditTrail(workspaceId: string, userId: string) {
  return testDb()
    .select({
      action: auditEvents.action,
      actorTokenId: auditEvents.actorTokenId,
      actorUserId: auditEvents.actorUserId,
      targetType: auditEvents.targetType,
      ip: auditEvents.ip,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.workspaceId, workspaceId),
        eq(auditEvents.targetId, userId),
      ),
    )
    .orderBy(asc(auditEvents.id));
}

// Requests alternate between two app instances, whose origins differ.
function withoutLocation(resource: Record<string, unknown> | null) {
  const meta = resource?.meta as Record<string, unknown> | undefined;

  return { ...resource, meta: { ...meta, location: undefined } };
}

async function scimRow(workspaceId: string, id: string) {
  const [row] = await testDb()
    .select()
    .from(scimUsers)
    .where(and(eq(scimUsers.workspaceId, workspaceId), eq(scimUsers.id, id)));

  return row;
}

describe("rows a create writes", () => {
  test("a new person: account, personal workspace, memberships, invitation, its email, SCIM user and audit", async () => {
    const ws = await createTestWorkspace({ role: "developer" });
    const email = `rows-${uniqueId()}@example.com`;

    const created = await scimRequest("POST", "/Users", {
      token: ws.token,
      ...jsonBody(userBody(email, { externalId: `ext-${uniqueId()}` })),
    });

    expect(created.status, created.text).toBe(201);
    const id = created.json?.id as string;
    const db = testDb();
    const [account] = await db
      .select()
      .from(users)
      .where(eq(users.email, email));
    expect(account).toMatchObject({ name: "Pat Person", passwordHash: null });
    const [personal] = await db
      .select()
      .from(workspaces)
      .where(eq(workspaces.ownerId, account.id));
    expect(personal).toMatchObject({
      name: "Pat Person's workspace",
      slug: `personal-${account.id.replaceAll("-", "")}`,
      plan: "free",
      personal: true,
    });
    const memberships = await db
      .select()
      .from(workspaceMembers)
      .where(eq(workspaceMembers.userId, account.id));
    expect(memberships).toHaveLength(2);
    expect(
      memberships.find((m) => m.workspaceId === personal.id),
    ).toMatchObject({
      role: "owner",
      source: "manual",
      scimManagedSince: null,
    });
    expect(memberships.find((m) => m.workspaceId === ws.id)).toMatchObject({
      role: "developer",
      source: "scim",
      scimManagedSince: expect.any(Date),
    });
    const [invitation] = await db
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.workspaceId, ws.id),
          eq(invitations.userId, account.id),
        ),
      );
    expect(invitation).toMatchObject({
      source: "scim",
      tokenHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      acceptedAt: null,
    });
    const lifetime = invitation.expiresAt!.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(6.9 * 86_400_000);
    expect(lifetime).toBeLessThanOrEqual(7 * 86_400_000);
    const [letter] = await db
      .select()
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.workspaceId, ws.id),
          eq(emailOutbox.recipientUserId, account.id),
        ),
      );
    expect(letter).toMatchObject({
      template: "scim_invitation",
      payload: expect.objectContaining({
        invitationId: invitation.id,
        kind: "set_password",
      }),
    });
    expect(await scimRow(ws.id, id)).toMatchObject({
      userId: account.id,
      userName: email,
      active: true,
      displayName: null,
      primaryEmail: email,
      deactivatedAt: null,
      roleBeforeDeactivation: null,
      version: 1,
    });
    expect(await auditTrail(ws.id, account.id)).toEqual([
      {
        action: "scim.user_created",
        actorTokenId: ws.tokenId,
        actorUserId: null,
        targetType: "user",
        ip: expect.stringMatching(/^[0-9a-f:.]+$/),
        details: { scimUserId: id, isNewAccount: true },
      },
    ]);
    const read = await scimRequest("GET", `/Users/${id}`, { token: ws.token });
    expect(withoutLocation(read.json)).toEqual(withoutLocation(created.json));
  });

  test("a unique violation after the account was written leaves nothing behind", async () => {
    const ws = await createTestWorkspace();
    const externalId = `dup-${uniqueId()}`;
    const first = await scimRequest("POST", "/Users", {
      token: ws.token,
      ...jsonBody(userBody(`first-${uniqueId()}@example.com`, { externalId })),
    });
    expect(first.status).toBe(201);
    const email = `second-${uniqueId()}@example.com`;

    const second = await scimRequest("POST", "/Users", {
      token: ws.token,
      ...jsonBody(userBody(email, { externalId })),
    });

    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({
      scimType: "uniqueness",
      detail: "A user with this externalId already exists in this workspace.",
    });
    const accounts = await testDb()
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, email));
    expect(accounts).toEqual([]);
    const letters = await testDb()
      .select({ n: sql<number>`count(*)::int` })
      .from(emailOutbox)
      .where(eq(emailOutbox.workspaceId, ws.id));
    expect(letters[0].n).toBe(1);
  });
});

describe("rows a deactivation writes", () => {
  test("membership removed and audited before the change; the answer is what GET reads", async () => {
    const ws = await createTestWorkspace({ role: "editor" });
    const email = `off-${uniqueId()}@example.com`;
    const id = (
      await scimRequest("POST", "/Users", {
        token: ws.token,
        ...jsonBody(userBody(email)),
      })
    ).json?.id as string;

    const response = await scimRequest("PATCH", `/Users/${id}`, {
      token: ws.token,
      ...jsonBody({
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", value: { active: false } }],
      }),
    });

    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({
      active: false,
      meta: { version: 'W/"2"' },
    });
    const read = await scimRequest("GET", `/Users/${id}`, { token: ws.token });
    expect(withoutLocation(read.json)).toEqual(withoutLocation(response.json));
    const row = await scimRow(ws.id, id);
    expect(row).toMatchObject({
      active: false,
      roleBeforeDeactivation: "editor",
      deactivatedAt: expect.any(Date),
      version: 2,
    });
    const [membership] = await testDb()
      .select()
      .from(workspaceMembers)
      .where(
        and(
          eq(workspaceMembers.workspaceId, ws.id),
          eq(workspaceMembers.userId, row.userId),
        ),
      );
    expect(membership).toBeUndefined();
    const trail = await auditTrail(ws.id, row.userId);
    expect(trail.map((e) => [e.action, e.details])).toEqual([
      ["scim.user_created", { scimUserId: id, isNewAccount: true }],
      ["member.removed_by_scim", { role: "editor" }],
      ["scim.user_deactivated", { scimUserId: id, kind: "patch" }],
    ]);
    for (const event of trail) {
      expect(event).toMatchObject({
        actorTokenId: ws.tokenId,
        actorUserId: null,
        targetType: "user",
        ip: expect.stringMatching(/^[0-9a-f:.]+$/),
      });
    }
  });

  test("an update answers with the groups the person is in", async () => {
    const ws = await createTestWorkspace();
    const id = (
      await scimRequest("POST", "/Users", {
        token: ws.token,
        ...jsonBody(userBody(`grouped-${uniqueId()}@example.com`)),
      })
    ).json?.id as string;
    const group = await scimRequest("POST", "/Groups", {
      token: ws.token,
      ...jsonBody({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        displayName: `Team ${uniqueId()}`,
        members: [{ value: id }],
      }),
    });
    expect(group.status, group.text).toBe(201);

    const response = await scimRequest("PATCH", `/Users/${id}`, {
      token: ws.token,
      ...jsonBody({
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", path: "displayName", value: "Pat P." }],
      }),
    });

    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({
      displayName: "Pat P.",
      groups: [
        expect.objectContaining({
          value: group.json?.id,
          display: group.json?.displayName,
        }),
      ],
    });
  });
});

describe("statements sent together (db/pipeline.ts)", () => {
  test("run in order, and the first failure is the error and undoes them all", async () => {
    const ws = await createTestWorkspace();
    const action = `test.pipeline.${uniqueId()}`;
    const db = testDb();

    const [, seen] = await db.transaction((tx) =>
      pipeline([
        insertAuditEvent(tx, { workspaceId: ws.id, action }),
        tx.execute(
          sql`select count(*)::int as n from audit_events where action = ${action}`,
        ),
      ]),
    );
    expect([...seen]).toEqual([{ n: 1 }]);

    const failing = db.transaction((tx) =>
      pipeline([
        insertAuditEvent(tx, { workspaceId: ws.id, action: `${action}.x` }),
        tx.execute(sql`select 1 / 0`),
        insertAuditEvent(tx, { workspaceId: ws.id, action: `${action}.y` }),
      ]),
    );

    await expect(failing).rejects.toMatchObject({
      cause: { code: "22012" },
    });
    const left = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.workspaceId, ws.id),
          sql`${auditEvents.action} like ${`${action}.%`}`,
        ),
      );
    expect(left).toEqual([]);
  });
});
