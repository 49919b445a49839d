import { mkdirSync } from "node:fs";

import { expect, type Page, test } from "@playwright/test";
import { eq } from "drizzle-orm";

import { workspaces } from "@/db/schema";
import { createRoleMapping } from "@/lib/roles/create-role-mapping";

import { createTestWorkspace, type TestWorkspace } from "../support/fixtures";
import { signIn } from "../support/sign-in";
import { closeTestDb, testDb } from "../support/test-db";

// `npm test -- screenshots` refreshes the README's pictures from a real run:
// an IdP provisions a few people, one request fails, and the admin looks.

const OUT = "docs/screenshots";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

test.afterAll(closeTestDb);

function idp(page: Page, ws: TestWorkspace, userAgent: string) {
  return async (method: string, path: string, data?: unknown) => {
    const response = await page.request.fetch(`/api/scim/v2${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${ws.token}`,
        "Content-Type": "application/scim+json",
        "User-Agent": userAgent,
      },
      data: data === undefined ? undefined : JSON.stringify(data),
    });

    return { status: response.status(), body: await response.json() };
  };
}

const person = (given: string, family: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: `${given}.${family}@test.example`.toLowerCase(),
  name: { givenName: given, familyName: family },
  displayName: `${given} ${family}`,
  emails: [
    {
      value: `${given}.${family}@test.example`.toLowerCase(),
      type: "work",
      primary: true,
    },
  ],
  active: true,
});

test("README screenshots of User Provisioning and Activity", async ({
  page,
}) => {
  mkdirSync(OUT, { recursive: true });
  const ws = await createTestWorkspace({ role: "editor" });
  await testDb()
    .update(workspaces)
    .set({ name: "Acme Inc" })
    .where(eq(workspaces.id, ws.id));
  const okta = idp(page, ws, "Okta SCIM Client 1.0.0");
  const entra = idp(page, ws, "Microsoft.Identity.AAD.Provisioning");

  const ada = await okta("POST", "/Users", person("Ada", "Lovelace"));
  const grace = await okta("POST", "/Users", person("Grace", "Hopper"));
  await okta("POST", "/Users", person("Katherine", "Johnson"));
  const alan = await entra("POST", "/Users", person("Alan", "Turing"));
  expect(alan.status).toBe(201);
  expect((await okta("POST", "/Users", person("Ada", "Lovelace"))).status).toBe(
    409,
  );
  await entra("PATCH", `/Users/${alan.body.id}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: "Replace", path: "active", value: "False" }],
  });
  await okta(
    "GET",
    `/Users?filter=${encodeURIComponent('userName eq "grace.hopper@test.example"')}`,
  );
  const leads = await okta("POST", "/Groups", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName: "Design Leads",
    members: [{ value: ada.body.id }, { value: grace.body.id }],
  });
  await createRoleMapping(testDb(), {
    workspaceId: ws.id,
    actorUserId: ws.owner.id,
    groupId: leads.body.id,
    role: "admin",
  });

  await page.setViewportSize({ width: 1100, height: 900 });
  await signIn(
    page,
    ws.owner.email,
    ws.owner.password,
    `/w/${ws.slug}/settings/provisioning`,
  );
  await expect(
    page.getByRole("heading", { name: "Role mapping" }),
  ).toBeVisible();
  await page.screenshot({
    path: `${OUT}/user-provisioning.png`,
    fullPage: true,
  });

  const activity = page.locator("#activity");
  await expect(
    activity.getByRole("cell", { name: /409/ }).first(),
  ).toBeVisible();
  await activity.screenshot({ path: `${OUT}/activity.png` });
});
