import { asc, eq } from "drizzle-orm";
import { afterAll, expect, test } from "vitest";

import { provisioningEvents } from "@/db/schema";

import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb, testDb } from "../support/test-db";

afterAll(closeTestDb);

test("every SCIM request of a token is recorded: operation, outcome, subject", async () => {
  const a = await createTestWorkspace();
  const email = `activity-${uniqueId()}@example.com`;
  const entra = { "User-Agent": "Azure Active Directory SCIM Client" };
  const create = jsonBody({ userName: email });

  const id = (
    await scimRequest("POST", "/Users", {
      token: a.token,
      ...create,
      headers: { ...create.headers, ...entra },
    })
  ).json?.id as string;
  await scimRequest("POST", "/Users", { token: a.token, ...create });
  await scimRequest("PATCH", `/Users/${id}`, {
    token: a.token,
    ...jsonBody({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    }),
  });
  await scimRequest(
    "GET",
    `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`,
    { token: a.token },
  );

  const events = () =>
    testDb()
      .select()
      .from(provisioningEvents)
      .where(eq(provisioningEvents.workspaceId, a.id))
      .orderBy(asc(provisioningEvents.id));
  await expect.poll(async () => (await events()).length).toBe(4);

  // Two instances write their events in batches of their own, so rows of
  // requests a few milliseconds apart may be numbered out of request order.
  const rows = await events();
  const row = (operation: string, status: number) =>
    rows.find((r) => r.operation === operation && r.status === status);
  expect(rows.map((r) => [r.operation, r.status, r.outcome]).sort()).toEqual(
    [
      ["create", 201, "success"],
      ["create", 409, "failure"],
      ["deactivate", 200, "success"],
      ["lookup", 200, "success"],
    ].sort(),
  );
  expect(row("create", 201)).toMatchObject({
    resourceType: "User",
    resourceId: id,
    tokenId: a.tokenId,
    idp: "Microsoft Entra ID",
  });
  expect(row("create", 409)).toMatchObject({ scimType: "uniqueness" });
  expect(rows.map((r) => r.subject)).toEqual([email, email, email, email]);
  expect(row("deactivate", 200)?.requestBody).toMatchObject({
    kind: "json",
    value: { Operations: [{ path: "active", value: "False" }] },
  });
  expect(row("lookup", 200)?.requestBody).toBeNull();
});
