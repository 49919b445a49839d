import { expect, test } from "@playwright/test";

import { closeTestDb } from "../support/test-db";
import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { personState } from "../support/membership";

test.afterAll(closeTestDb);

test("an admin connects an IdP, which provisions and then deactivates a member", async ({
  page,
  request,
}) => {
  const workspace = await createTestWorkspace({ enabled: false });
  const person = `dev-${uniqueId()}@example.com`;

  await test.step("sign in and land back on User Provisioning", async () => {
    await page.goto(`/w/${workspace.slug}/settings/provisioning`);
    await expect(page).toHaveURL(/\/signin/);
    await page.getByLabel("Email").fill(workspace.owner.email);
    await page.getByLabel("Password").fill(workspace.owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(
      page.getByRole("heading", { name: "User Provisioning" }),
    ).toBeVisible();
  });

  let token = "";
  await test.step("create a token, shown once", async () => {
    await page.getByLabel("Token label").fill("Okta");
    await page.getByRole("button", { name: "Create SCIM token" }).click();
    const dialog = page.getByRole("dialog", { name: "Your new SCIM token" });
    await expect(dialog.getByText("you will not see it again")).toBeVisible();
    token = await dialog.getByLabel("New SCIM token").inputValue();
    expect(token).toMatch(/^roster_scim_/);
    await dialog
      .getByRole("button", { name: "I have copied the token" })
      .click();
    await expect(
      page.getByText(`roster_scim_…${token.slice(-4)}`),
    ).toBeVisible();
    await expect(page.getByText(token)).toHaveCount(0);
  });

  await test.step("enable provisioning with the Developer role", async () => {
    await expect(
      page.getByRole("textbox", { name: "SCIM base URL" }),
    ).toHaveValue(/\/api\/scim\/v2$/);
    await page.getByLabel("Enable user provisioning with SCIM").check();
    await expect(
      page.getByRole("status").filter({ hasText: "Settings saved." }),
    ).toBeVisible();
    await page
      .getByLabel("Role for provisioned members")
      .selectOption({ label: "Developer" });
    await expect(
      page.getByRole("status").filter({ hasText: "Settings saved." }),
    ).toBeVisible();
    await page.reload();
    await expect(
      page.getByLabel("Enable user provisioning with SCIM"),
    ).toBeChecked();
    await expect(page.getByLabel("Role for provisioned members")).toHaveValue(
      "developer",
    );
  });

  const scim = (method: string, path: string, data?: unknown) =>
    request.fetch(`/api/scim/v2${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/scim+json",
      },
      data: data === undefined ? undefined : JSON.stringify(data),
    });

  let id = "";
  await test.step("Okta creates the person", async () => {
    const created = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: person,
      name: { givenName: "Dana", familyName: "Dev" },
      emails: [{ primary: true, value: person, type: "work" }],
      displayName: "Dana Dev",
      active: true,
    });
    expect(created.status()).toBe(201);
    id = (await created.json()).id;
  });

  await test.step("Members lists them as a Developer managed by SCIM", async () => {
    await page.getByRole("link", { name: "Members" }).click();
    await expect(page).toHaveURL(/\/settings\/members/);
    const row = page
      .getByRole("table", { name: /^Members/ })
      .getByRole("row")
      .filter({ hasText: person });
    await expect(row.getByRole("cell", { name: "Developer" })).toBeVisible();
    await expect(row.getByText("SCIM", { exact: true })).toBeVisible();
  });

  await test.step("Entra deactivates them; they leave but keep their account", async () => {
    const deactivated = await scim("PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(deactivated.status()).toBe(200);
    await page.reload();
    await expect(
      page
        .getByRole("table", { name: /^Members/ })
        .getByRole("row")
        .filter({ hasText: person }),
    ).toHaveCount(0);
    await expect(
      page
        .getByRole("table", { name: /^Deactivated by your identity provider/ })
        .getByRole("row")
        .filter({ hasText: person }),
    ).toBeVisible();

    const state = await personState(workspace.id, id);
    expect(state.account?.email).toBe(person);
    expect(state.memberships).toEqual([
      expect.objectContaining({ personal: true, role: "owner" }),
    ]);
  });
});
