import { expect, test } from "@playwright/test";

import { addMember } from "@/lib/workspaces/add-member";
import { createUser } from "@/lib/workspaces/create-user";

import { expectNoAxeViolations } from "../support/a11y";
import { createTestWorkspace, uniqueId } from "../support/fixtures";
import {
  connectionCheckLeftovers,
  workspaceRowCounts,
} from "../support/row-counts";
import { openProvisioning, signIn } from "../support/sign-in";
import { closeTestDb, testDb } from "../support/test-db";

test.afterAll(closeTestDb);

test("the Okta and Entra ID guides give the base URL and attribute names to copy", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const workspace = await createTestWorkspace();
  await openProvisioning(page, workspace);
  const baseUrl = await page
    .getByRole("textbox", { name: "SCIM base URL" })
    .inputValue();
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const guides = page.getByRole("region", {
    name: "Connect your identity provider",
  });

  await guides.getByText("Set up Okta").click();
  await expect(guides.getByText("SCIM connector base URL")).toBeVisible();
  await expect(guides.getByText("Push Profile Updates")).toBeVisible();
  const copyOktaUrl = guides.getByRole("button", {
    name: "Copy the SCIM connector base URL",
  });
  await copyOktaUrl.click();
  await expect(copyOktaUrl).toHaveText("Copied");
  expect(await clipboard()).toBe(baseUrl);

  await guides.getByText("Set up Microsoft Entra ID").click();
  await expect(guides.getByText("Tenant URL")).toBeVisible();
  await expect(guides.getByText("Secret Token")).toBeVisible();
  await guides.getByRole("button", { name: "Copy the Tenant URL" }).click();
  expect(await clipboard()).toBe(baseUrl);

  const table = guides.getByRole("table", {
    name: "Attributes Roster expects",
  });
  const emailRow = table.getByRole("row", { name: /emails\[type eq "work"\]/ });
  await expect(emailRow).toContainText("mail");
  await emailRow.getByRole("button").click();
  await expect(
    emailRow.getByRole("status").filter({ hasText: "Copied to the clipboard" }),
  ).toBeAttached();
  expect(await clipboard()).toBe('emails[type eq "work"].value');
  await expect(guides.getByText(workspace.token)).toHaveCount(0);

  await expectNoAxeViolations(page, "set-up guides, both open");
});

test("Check connection reports every step and leaves members and rows as they were", async ({
  page,
}) => {
  const workspace = await createTestWorkspace();
  const before = await workspaceRowCounts(workspace.id);
  await openProvisioning(page, workspace);
  // Holds the action's request so the pending state can be seen.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    `**/w/${workspace.slug}/settings/provisioning`,
    async (r) => {
      if (r.request().method() === "POST") await held;
      await r.continue();
    },
  );

  await page.getByRole("button", { name: "Check connection" }).click();

  await expect(page.getByRole("button", { name: "Checking…" })).toBeDisabled();
  release();
  await expect(
    page.getByRole("status").filter({ hasText: "All 6 steps passed." }),
  ).toBeVisible();
  const steps = page.getByRole("list", { name: "Check connection steps" });
  await expect(steps.getByRole("listitem")).toHaveText([
    /Passed: Create a user · HTTP 201 · \d+ ms/,
    /Passed: Find the user by userName · HTTP 200/,
    /Passed: Update the display name · HTTP 200/,
    /Passed: Deactivate the user · HTTP 200/,
    /Passed: Reactivate the user · HTTP 200/,
    /Passed: Delete the user · HTTP 204/,
  ]);
  await expect(
    page.getByRole("button", { name: "Check connection" }),
  ).toBeEnabled();
  await expectNoAxeViolations(page, "check connection results");

  expect(await workspaceRowCounts(workspace.id)).toEqual(before);
  expect(await connectionCheckLeftovers()).toEqual({
    accounts: 0,
    personal: 0,
  });
  await page.getByRole("link", { name: "Members" }).click();
  await expect(
    page.getByRole("heading", { name: "Members (1)" }),
  ).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(2);
});

test("Check connection runs while provisioning is off and says the IdP is refused", async ({
  page,
}) => {
  const workspace = await createTestWorkspace({ enabled: false });
  await openProvisioning(page, workspace);

  await page.getByRole("button", { name: "Check connection" }).click();

  await expect(
    page.getByRole("status").filter({ hasText: "All 6 steps passed." }),
  ).toBeVisible();
  await expect(page.getByText(/Provisioning is turned off.*403/)).toBeVisible();
});

test("the check connection action re-checks the caller's role on the server", async ({
  page,
  browser,
  baseURL,
}) => {
  const workspace = await createTestWorkspace();
  await openProvisioning(page, workspace);
  const request = page.waitForRequest(
    (r) => r.method() === "POST" && r.headers()["next-action"] !== undefined,
  );
  await page.getByRole("button", { name: "Check connection" }).click();
  const sent = await request;
  await expect(
    page.getByRole("status").filter({ hasText: "All 6 steps passed." }),
  ).toBeVisible();

  const email = `editor-${uniqueId()}@example.com`;
  await createUser(testDb(), {
    email,
    name: "Ed Itor",
    password: "editor-password",
  });
  await addMember(testDb(), {
    workspaceSlug: workspace.slug,
    email,
    role: "editor",
  });
  const editor = await browser.newContext();
  const editorPage = await editor.newPage();
  await signIn(
    editorPage,
    email,
    "editor-password",
    `/w/${workspace.slug}/settings/members`,
  );
  const replay = await editorPage.request.post(sent.url(), {
    headers: {
      "next-action": sent.headers()["next-action"],
      "content-type": sent.headers()["content-type"],
      accept: "text/x-component",
      origin: baseURL!,
    },
    data: sent.postData() ?? "",
  });

  const answer = await replay.text();
  expect(answer).toContain("Only owners and admins");
  expect(answer).not.toContain("steps");
  await editor.close();
});
