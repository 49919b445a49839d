import { expect, test } from "@playwright/test";

import { addMember } from "@/lib/workspaces/add-member";
import { createUser } from "@/lib/workspaces/create-user";

import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { openProvisioning, signIn } from "../support/sign-in";
import { closeTestDb, testDb } from "../support/test-db";

test.afterAll(closeTestDb);

// Input a person can paste or a link can carry: refused with a message that
// says why, or used as it is; never a 500, and what was typed stays.

test("a refused sign-in keeps the email for the next try", async ({ page }) => {
  const workspace = await createTestWorkspace();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(workspace.owner.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(
    page.getByRole("alert").filter({ hasText: "not correct" }),
  ).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(workspace.owner.email);
  await expect(page.getByLabel("Password")).toHaveValue("");
});

test("a person with a non-ASCII address, as an IdP may provision, signs in", async ({
  page,
}) => {
  const workspace = await createTestWorkspace();
  const email = `josé.${uniqueId()}@exämple.test`;
  const password = "long-password-1";
  await createUser(testDb(), { email, name: "José", password });
  await addMember(testDb(), {
    workspaceSlug: workspace.slug,
    email,
    role: "editor",
  });

  await signIn(page, email, password, `/w/${workspace.slug}/settings`);
  const session = await page.request.get("/api/auth/session");
  expect((await session.json()).user?.email).toBe(email);
});

test("a token label with a NUL gets a clear error and stays in the field", async ({
  page,
}) => {
  const workspace = await createTestWorkspace();
  await openProvisioning(page, workspace);
  const label = page.getByLabel("Token label");
  await label.fill("Okta\u0000production");
  await page.getByRole("button", { name: "Create SCIM token" }).click();

  await expect(
    page.getByRole("alert").filter({ hasText: "cannot be saved" }),
  ).toBeVisible();
  await expect(label).toHaveValue("Okta\u0000production");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  await label.fill("Okta production");
  await page.getByRole("button", { name: "Create SCIM token" }).click();
  await expect(
    page.getByRole("dialog", { name: "Your new SCIM token" }),
  ).toBeVisible();
});

test("an Activity filter with a NUL in the link shows the page", async ({
  page,
}) => {
  const workspace = await createTestWorkspace();
  const path = `/w/${workspace.slug}/settings/provisioning`;
  await signIn(page, workspace.owner.email, workspace.owner.password, path);
  // The filters show once the log has an event.
  const lookup = await page.request.get("/api/scim/v2/Users", {
    headers: { Authorization: `Bearer ${workspace.token}` },
  });
  expect(lookup.status()).toBe(200);
  await expect(async () => {
    await page.reload();
    await expect(page.getByLabel("Person or group")).toBeVisible();
  }).toPass();

  const response = await page.goto(`${path}?person=jane%00doe#activity`);

  expect(response?.status()).toBe(200);
  await expect(page.getByLabel("Person or group")).toHaveValue("jane\uFFFDdoe");
});

test("a server action with a body that is not its encoding gets 400 or 413, not 500", async ({
  page,
  baseURL,
}) => {
  const workspace = await createTestWorkspace();
  await openProvisioning(page, workspace);
  const sent = page.waitForRequest(
    (r) => r.method() === "POST" && r.headers()["next-action"] !== undefined,
  );
  await page.getByLabel("Token label").fill("Okta");
  await page.getByRole("button", { name: "Create SCIM token" }).click();
  const action = await sent;
  const post = (data: string) =>
    page.request.post(action.url(), {
      headers: {
        "next-action": action.headers()["next-action"],
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
        origin: baseURL!,
      },
      data,
    });

  for (const body of ["[{", '"not the arguments"']) {
    const response = await post(body);
    expect(response.status()).toBe(400);
    expect(await response.text()).toMatch(/not a valid/);
  }
  const large = await post(
    JSON.stringify([workspace.slug, { label: "x".repeat(1_100_000) }]),
  );
  expect(large.status()).toBe(413);
});

test("before the page's script has run, sign-in cannot be submitted into the address", async ({
  browser,
  baseURL,
}) => {
  // Without JavaScript the form would submit natively: a GET that puts the
  // email and password in the URL. Its button stays disabled until React
  // has hydrated.
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  await page.goto("/signin");

  await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
  await context.close();
});

test("before the page's script has run, the provisioning settings cannot be changed", async ({
  page,
  browser,
  baseURL,
}) => {
  // Each setting saves from its change handler: a change made before React
  // has hydrated moved the control and saved nothing (CI's browser run
  // caught a click on the switch that never sent its action).
  const workspace = await createTestWorkspace({ enabled: false });
  await openProvisioning(page, workspace);
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const scriptless = await context.newPage();
  await scriptless.goto(`/w/${workspace.slug}/settings/provisioning`);

  await expect(
    scriptless.getByLabel("Enable user provisioning with SCIM"),
  ).toBeDisabled();
  await expect(
    scriptless.getByLabel("Role for provisioned members"),
  ).toBeDisabled();
  await expect(
    scriptless.getByLabel("Restore the role they had before"),
  ).toBeDisabled();
  await context.close();
});
