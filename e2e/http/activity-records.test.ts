import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, expect, test } from "vitest";

import {
  provisioningEvents,
  provisioningSettings,
  workspaces,
} from "@/db/schema";
import { deleteScimToken } from "@/lib/tokens/delete-scim-token";

import {
  createTestWorkspace,
  setProvisioningEnabled,
  uniqueId,
  type TestWorkspace,
} from "../support/fixtures";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb, testDb } from "../support/test-db";

afterAll(closeTestDb);

const eventsOf = (workspace: TestWorkspace) =>
  testDb()
    .select()
    .from(provisioningEvents)
    .where(eq(provisioningEvents.workspaceId, workspace.id))
    .orderBy(asc(provisioningEvents.id));

const countEvents = async (workspace: TestWorkspace) =>
  (await eventsOf(workspace)).length;

test("a create keeps its body without the password, and other people's emails masked", async () => {
  const a = await createTestWorkspace();
  const email = `rec-${uniqueId()}@example.com`;
  const password = `Pw-${uniqueId()}-secret`;
  const manager = `boss-${uniqueId()}@corp.example`;

  const created = await scimRequest("POST", "/Users", {
    token: a.token,
    ...jsonBody({
      schemas: [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      ],
      userName: email,
      password,
      emails: [{ value: email, type: "work", primary: true }],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
        manager: { displayName: manager },
      },
    }),
  });
  expect(created.status).toBe(201);
  const id = created.json?.id as string;
  expect(
    (await scimRequest("DELETE", `/Users/${id}`, { token: a.token })).status,
  ).toBe(204);

  await expect.poll(() => countEvents(a)).toBe(2);
  const events = await eventsOf(a);
  const create = events.find((e) => e.operation === "create");
  const remove = events.find((e) => e.operation === "delete");
  expect(create).toMatchObject({
    operation: "create",
    subject: email,
    requestBody: {
      kind: "json",
      value: {
        userName: email,
        password: "[redacted]",
        emails: [{ value: email }],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
          manager: { displayName: `b***@corp.example` },
        },
      },
    },
  });
  expect(remove).toMatchObject({
    operation: "delete",
    status: 204,
    subject: email,
    resourceId: id,
    requestBody: null,
  });
  const leaks = await testDb().execute(
    sql`select count(*)::int as n from provisioning_events e
        where e.workspace_id = ${a.id}
          and (e::text like ${`%${password}%`} or e::text like ${`%${manager}%`} or e::text like ${`%${a.token}%`})`,
  );
  expect((leaks as unknown as { n: number }[])[0].n).toBe(0);
});

test("a failure on an existing person names them; a group change names the group", async () => {
  const a = await createTestWorkspace();
  const email = `fail-${uniqueId()}@example.com`;
  const id = (
    await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody({ userName: email }),
    })
  ).json?.id as string;
  const stale = await scimRequest("PATCH", `/Users/${id}`, {
    token: a.token,
    headers: { "Content-Type": "application/scim+json", "If-Match": 'W/"999"' },
    body: JSON.stringify({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: false }],
    }),
  });
  expect(stale.status).toBe(412);
  const group = `Team ${uniqueId()}`;
  await scimRequest("POST", "/Groups", {
    token: a.token,
    ...jsonBody({ displayName: group }),
  });

  await expect.poll(() => countEvents(a)).toBe(3);
  // Rows of the two instances may be numbered out of request order.
  const rows = await eventsOf(a);
  expect(rows.find((r) => r.status === 412)).toMatchObject({ subject: email });
  expect(rows.find((r) => r.resourceType === "Group")).toMatchObject({
    operation: "group change",
    resourceType: "Group",
    subject: group,
  });
});

test("refusals of a known token are recorded in its workspace: provisioning off, revoked token", async () => {
  const a = await createTestWorkspace({ enabled: false });
  const email = `off-${uniqueId()}@example.com`;
  const off = await scimRequest("POST", "/Users", {
    token: a.token,
    headers: {
      "Content-Type": "application/scim+json",
      "User-Agent": "Okta SCIM Client 1.0.0",
    },
    body: JSON.stringify({ userName: email }),
  });
  expect(off.status).toBe(403);

  await expect.poll(() => countEvents(a)).toBe(1);
  expect((await eventsOf(a))[0]).toMatchObject({
    operation: "create",
    status: 403,
    outcome: "failure",
    subject: email,
    idp: "Okta",
    tokenId: a.tokenId,
  });
  expect((await eventsOf(a))[0].detail).toMatch(/turned off/);

  await setProvisioningEnabled(a, true);
  await deleteScimToken(testDb(), {
    workspaceId: a.id,
    tokenId: a.tokenId,
    actorUserId: null,
  });
  const revoked = await scimRequest("GET", "/Users", { token: a.token });
  expect(revoked.status).toBe(401);
  await expect.poll(() => countEvents(a)).toBe(2);
  expect((await eventsOf(a))[1]).toMatchObject({
    operation: "lookup",
    status: 401,
    tokenId: a.tokenId,
  });
});

test("events older than the retention are pruned on write; recent ones stay", async () => {
  const a = await createTestWorkspace();
  await testDb()
    .update(provisioningSettings)
    .set({ eventRetentionDays: 30, eventsPrunedAt: null })
    .where(eq(provisioningSettings.workspaceId, a.id));
  const old = (daysAgo: number, requestId: string) => ({
    workspaceId: a.id,
    requestId,
    method: "GET",
    path: "/Users",
    operation: "lookup",
    status: 200,
    outcome: "success",
    durationMs: 1,
    createdAt: new Date(Date.now() - daysAgo * 86_400_000),
  });
  await testDb()
    .insert(provisioningEvents)
    .values([
      old(45, "old-1"),
      old(31, "old-2"),
      old(29, "recent-1"),
      old(1, "recent-2"),
    ]);

  await scimRequest("GET", "/ServiceProviderConfig", { token: a.token });

  await expect
    .poll(async () => (await eventsOf(a)).map((e) => e.requestId).slice(0, 2))
    .toEqual(["recent-1", "recent-2"]);
  expect(await countEvents(a)).toBe(3);
  const [settings] = await testDb()
    .select({ prunedAt: provisioningSettings.eventsPrunedAt })
    .from(provisioningSettings)
    .where(and(eq(provisioningSettings.workspaceId, a.id)));
  expect(settings.prunedAt).not.toBeNull();
});

test("requests whose texts are cut mid-character or hold NUL are still recorded", async () => {
  const a = await createTestWorkspace();
  const emoji = "\u{1F600}";
  // The path segment is cut at 40 characters, between the emoji's halves.
  const cutPath = `/Users/${"a".repeat(39)}${encodeURIComponent(emoji)}`;
  const answers = [
    await scimRequest("GET", cutPath, { token: a.token }),
    await scimRequest("GET", "/Users/%00", { token: a.token }),
    await scimRequest("POST", "/Users", {
      token: a.token,
      // Over the subject's 300 characters, cut inside the emoji.
      ...jsonBody({ userName: `${"s".repeat(299)}${emoji}@x.example` }),
    }),
  ];

  expect(answers.map((r) => r.status)).toEqual([404, 404, 201]);
  await expect.poll(() => countEvents(a)).toBe(3);
  const events = await eventsOf(a);
  expect(events.map((e) => e.status).sort()).toEqual([201, 404, 404]);
  expect(events.some((e) => e.path.includes("\uFFFD"))).toBe(true);
});

test("tabs, line breaks, backslashes and other scripts are recorded exactly as sent", async () => {
  const a = await createTestWorkspace();
  // Each is a separator or an escape in the format the log is written in.
  const displayName = `Ops\tteam \\ "night"\r\nshift \\N ${uniqueId()} 東京 \u{1F600}`;
  const created = await scimRequest("POST", "/Groups", {
    token: a.token,
    ...jsonBody({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName,
    }),
  });
  expect(created.status).toBe(201);
  const refused = await scimRequest("PATCH", `/Groups/${created.json?.id}`, {
    token: a.token,
    ...jsonBody({ schemas: ["nope\t\\"], Operations: [] }),
  });
  expect(refused.status).toBe(400);

  await expect.poll(() => countEvents(a)).toBe(2);
  const [create, patch] = await eventsOf(a);
  expect(create).toMatchObject({
    subject: displayName,
    requestBody: { kind: "json", value: { displayName } },
  });
  expect(patch).toMatchObject({
    status: 400,
    subject: displayName,
    requestBody: { kind: "json", value: { schemas: ["nope\t\\"] } },
  });
});

test("a deleted workspace's events go with it", async () => {
  const a = await createTestWorkspace();
  const b = await createTestWorkspace();
  for (const w of [a, b]) {
    expect(
      (await scimRequest("GET", "/Users", { token: w.token })).status,
    ).toBe(200);
  }
  await expect.poll(() => countEvents(a)).toBe(1);
  await expect.poll(() => countEvents(b)).toBe(1);

  await testDb().delete(workspaces).where(eq(workspaces.id, a.id));

  expect(await countEvents(a)).toBe(0);
  expect(await countEvents(b)).toBe(1);
});

test.skipIf(process.env.ROSTER_EMBEDDED_DB === "1")(
  "requests are answered while a lock holds the activity log; its rows follow",
  async () => {
    const a = await createTestWorkspace();
    // A SHARE lock, as an index build takes: writes to the log wait.
    const locked = testDb().transaction(async (tx) => {
      await tx.execute(sql`lock table provisioning_events in share mode`);
      await tx.execute(sql`select pg_sleep(2)`);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const answers = [];
    for (let round = 0; round < 6; round++) {
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, () =>
            scimRequest("GET", "/Users?count=1", { token: a.token }),
          ),
        )),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await locked;

    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    await expect.poll(() => countEvents(a), { timeout: 10_000 }).toBe(60);
  },
);
