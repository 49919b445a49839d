import { createHash } from "node:crypto";

import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, test } from "vitest";

import { invitations } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/passwords";
import {
  acceptInvitation,
  INVALID_LINK,
} from "@/lib/invitations/accept-invitation";
import { createUser } from "@/lib/workspaces/create-user";

import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { invitationState, inviteSecretOf } from "../support/outbox";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb, nextBaseUrl, testDb } from "../support/test-db";

afterAll(closeTestDb);

const userBody = (email: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: email,
  name: { givenName: "Ivy", familyName: "Invitee" },
  emails: [{ value: email, type: "work", primary: true }],
  active: true,
});

async function provision(token: string, email: string) {
  const created = await scimRequest("POST", "/Users", {
    token,
    ...jsonBody(userBody(email)),
  });
  expect(created.status).toBe(201);

  return created.json?.id as string;
}

const invitePage = async (secret: string) => {
  const response = await fetch(`${nextBaseUrl()}/invite/${secret}`);

  return { status: response.status, html: await response.text() };
};

const password = (id: string) => `pw-${id}-secret`;

describe("invitation links", () => {
  test("a new person's link is stored as a hash, sets a password once, then dies", async () => {
    const workspace = await createTestWorkspace();
    const id = uniqueId();
    const email = `new-${id}@example.com`;
    await provision(workspace.token, email);

    const secret = await inviteSecretOf(workspace.id, email);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const before = await invitationState(workspace.id, email);
    expect(before.account.passwordHash).toBeNull();
    expect(before.emails).toEqual([
      expect.objectContaining({
        sentAt: null,
        payload: expect.objectContaining({ kind: "set_password" }),
      }),
    ]);
    expect(before.invitations).toEqual([
      expect.objectContaining({
        tokenHash: createHash("sha256").update(secret).digest("hex"),
        acceptedAt: null,
      }),
    ]);
    const lifetime = before.invitations[0].expiresAt!.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(6.9 * 86_400_000);
    expect(lifetime).toBeLessThanOrEqual(7 * 86_400_000);

    const page = await invitePage(secret);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Set your password");
    expect(page.html).toContain(workspace.name);

    const accepted = await acceptInvitation(testDb(), secret, {
      password: password(id),
      confirmation: password(id),
    });
    expect(accepted).toEqual({ email, landingPath: `/w/${workspace.slug}` });

    const after = await invitationState(workspace.id, email);
    expect(
      await verifyPassword(password(id), after.account.passwordHash!),
    ).toBe(true);
    expect(after.invitations[0].tokenHash).toBeNull();
    expect(after.invitations[0].acceptedAt).not.toBeNull();
    expect(after.emails[0].payload.secret).toBeUndefined();

    await expect(
      acceptInvitation(testDb(), secret, {
        password: "another-password-1",
        confirmation: "another-password-1",
      }),
    ).rejects.toThrow(INVALID_LINK);
    expect((await invitePage(secret)).html).toContain(
      "This link does not work",
    );
  });

  test("unknown, malformed and expired links get the same answer", async () => {
    const workspace = await createTestWorkspace();
    const email = `expired-${uniqueId()}@example.com`;
    await provision(workspace.token, email);
    const secret = await inviteSecretOf(workspace.id, email);
    await testDb()
      .update(invitations)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(invitations.workspaceId, workspace.id));

    for (const link of [secret, "A".repeat(43), "not-a-token"]) {
      const page = await invitePage(link);
      expect(page.status, link).toBe(200);
      expect(page.html, link).toContain("This link does not work");
      expect(page.html, link).not.toContain(email);
    }
    await expect(
      acceptInvitation(testDb(), secret, {
        password: "long-enough-password",
        confirmation: "long-enough-password",
      }),
    ).rejects.toThrow(INVALID_LINK);
    const state = await invitationState(workspace.id, email);
    expect(state.account.passwordHash).toBeNull();
  });

  test("a short or unconfirmed password is refused and the link keeps working", async () => {
    const workspace = await createTestWorkspace();
    const email = `weak-${uniqueId()}@example.com`;
    await provision(workspace.token, email);
    const secret = await inviteSecretOf(workspace.id, email);

    await expect(
      acceptInvitation(testDb(), secret, {
        password: "short",
        confirmation: "short",
      }),
    ).rejects.toThrow("Use at least 12 characters.");
    await expect(
      acceptInvitation(testDb(), secret, {
        password: "long-enough-password",
        confirmation: "long-enough-passw0rd",
      }),
    ).rejects.toThrow("The two passwords do not match.");
    expect((await invitePage(secret)).html).toContain("Set your password");
  });

  test("an existing account is told it was added, with no password link", async () => {
    const workspace = await createTestWorkspace();
    const id = uniqueId();
    const email = `existing-${id}@example.com`;
    await createUser(testDb(), {
      email,
      name: "Ex Isting",
      password: password(id),
    });
    await provision(workspace.token, email);

    const state = await invitationState(workspace.id, email);
    expect(state.emails).toEqual([
      expect.objectContaining({
        payload: expect.not.objectContaining({ secret: expect.anything() }),
      }),
    ]);
    expect(state.emails[0].payload.kind).toBe("added");
    expect(state.invitations).toEqual([
      expect.objectContaining({ tokenHash: null, expiresAt: null }),
    ]);
  });

  test("setting the password through one workspace's link voids the other's", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    const id = uniqueId();
    const email = `twice-${id}@example.com`;
    await provision(a.token, email);
    await provision(b.token, email);
    const secretA = await inviteSecretOf(a.id, email);
    const secretB = await inviteSecretOf(b.id, email);
    expect(secretA).not.toBe(secretB);

    await acceptInvitation(testDb(), secretB, {
      password: password(id),
      confirmation: password(id),
    });

    expect((await invitePage(secretA)).html).toContain(
      "This link does not work",
    );
    const stateA = await invitationState(a.id, email);
    expect(stateA.invitations[0]).toMatchObject({
      tokenHash: null,
      acceptedAt: null,
    });
    expect(stateA.emails[0].payload.secret).toBeUndefined();
  });

  test("a person deprovisioned before accepting lands on their workspace list", async () => {
    const workspace = await createTestWorkspace();
    const id = uniqueId();
    const email = `gone-${id}@example.com`;
    const scimId = await provision(workspace.token, email);
    const secret = await inviteSecretOf(workspace.id, email);
    const deactivated = await scimRequest("PATCH", `/Users/${scimId}`, {
      token: workspace.token,
      ...jsonBody({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "replace", path: "active", value: false }],
      }),
    });
    expect(deactivated.status).toBe(200);

    const accepted = await acceptInvitation(testDb(), secret, {
      password: password(id),
      confirmation: password(id),
    });
    expect(accepted.landingPath).toBe("/");
  });

  test("reactivating someone with no password sends a fresh link; with one, no email", async () => {
    const workspace = await createTestWorkspace();
    const id = uniqueId();
    const dormant = `dormant-${id}@example.com`;
    const ready = `ready-${id}@example.com`;
    await createUser(testDb(), {
      email: ready,
      name: "Ready",
      password: password(id),
    });
    const ids: string[] = [];
    for (const email of [dormant, ready]) {
      const created = await scimRequest("POST", "/Users", {
        token: workspace.token,
        ...jsonBody({ ...userBody(email), active: false }),
      });
      expect(created.status).toBe(201);
      ids.push(created.json?.id as string);
    }
    expect((await invitationState(workspace.id, dormant)).emails).toEqual([]);

    for (const scimId of ids) {
      const reactivated = await scimRequest("PATCH", `/Users/${scimId}`, {
        token: workspace.token,
        ...jsonBody({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "replace", path: "active", value: true }],
        }),
      });
      expect(reactivated.status).toBe(200);
    }

    const secret = await inviteSecretOf(workspace.id, dormant);
    expect((await invitePage(secret)).html).toContain("Set your password");
    expect((await invitationState(workspace.id, ready)).emails).toEqual([]);
  });
});
