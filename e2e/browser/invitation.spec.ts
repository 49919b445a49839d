import { expect, type Page, test } from "@playwright/test";

import { addMember } from "@/lib/workspaces/add-member";
import { createUser } from "@/lib/workspaces/create-user";

import { expectNoAxeViolations } from "../support/a11y";
import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { inviteSecretOf } from "../support/outbox";
import { scimClient } from "../support/scim-browser";
import { signIn } from "../support/sign-in";
import { closeTestDb, testDb } from "../support/test-db";

test.afterAll(closeTestDb);

/** Types into the focused field after selecting what it holds. */
async function retype(page: Page, text: string) {
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}

test("an invited person sets a password with the keyboard and lands in the workspace", async ({
  page,
  browser,
  request,
}) => {
  const workspace = await createTestWorkspace();
  const id = uniqueId();
  const person = `invitee-${id}@example.com`;
  const password = `pw-${id}-secret`;
  await scimClient(request, workspace.token).createUser(person, {
    displayName: "Ina Invitee",
  });

  let link = "";
  await test.step("the admin finds the email in the development outbox", async () => {
    await signIn(
      page,
      workspace.owner.email,
      workspace.owner.password,
      "/dev/outbox",
    );
    const email = page.getByRole("article").filter({ hasText: person });
    await expect(
      email.getByRole("heading", {
        name: `You have been added to ${workspace.name} on Roster`,
      }),
    ).toBeVisible();
    await expect(email).toContainText("Not sent (no SMTP configured)");
    await expect(email).toContainText("Set a password to open it.");
    link =
      (await email
        .getByRole("link", { name: /Open the link in this email/ })
        .getAttribute("href")) ?? "";
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await expectNoAxeViolations(page, "development outbox");
  });

  const context = await browser.newContext();
  const invitee = await context.newPage();
  await test.step("the person opens the link and sets a password with the keyboard", async () => {
    await invitee.goto(link);
    await expect(
      invitee.getByRole("heading", { name: "Set your password" }),
    ).toBeVisible();
    await expect(invitee.getByLabel("Email")).toHaveValue(person);
    await expectNoAxeViolations(invitee, "set password");

    const newPassword = invitee.getByLabel("New password");
    const confirmation = invitee.getByLabel("Confirm password");
    await invitee.keyboard.press("Tab");
    await expect(invitee.getByLabel("Email")).toBeFocused();
    await invitee.keyboard.press("Tab");
    await expect(newPassword).toBeFocused();
    await invitee.keyboard.type("short");
    await invitee.keyboard.press("Tab");
    await invitee.keyboard.type("short");
    await invitee.keyboard.press("Enter");
    await expect(
      invitee.getByText("Use at least 12 characters."),
    ).toBeVisible();
    await expect(newPassword).toBeFocused();
    await expect(newPassword).toHaveAttribute("aria-invalid", "true");
    await expectNoAxeViolations(invitee, "set password with an error");

    await retype(invitee, password);
    await invitee.keyboard.press("Tab");
    await retype(invitee, `${password}-typo`);
    await invitee.keyboard.press("Enter");
    await expect(
      invitee.getByText("The two passwords do not match."),
    ).toBeVisible();
    await expect(confirmation).toBeFocused();

    await retype(invitee, password);
    await invitee.keyboard.press("Enter");
    await expect(invitee).toHaveURL(new RegExp(`/w/${workspace.slug}$`));
    await expect(
      invitee.getByRole("heading", { name: workspace.name }),
    ).toBeVisible();
  });

  await test.step("the link works once", async () => {
    await invitee.goto(link);
    await expect(
      invitee.getByRole("heading", { name: "This link does not work" }),
    ).toBeVisible();
    await expectNoAxeViolations(invitee, "used invitation link");
  });

  await test.step("the new password signs them in later", async () => {
    const later = await browser.newContext();
    const again = await later.newPage();
    await signIn(again, person, password, "/");
    await expect(
      again.getByRole("link", { name: workspace.name }),
    ).toBeVisible();
    await later.close();
  });
  await context.close();
});

test("an existing account is told it was added and finds the workspace in its list", async ({
  page,
  request,
}) => {
  const workspace = await createTestWorkspace();
  const id = uniqueId();
  const person = `existing-${id}@example.com`;
  await createUser(testDb(), {
    email: person,
    name: "Ezra Existing",
    password: `pw-${id}-secret`,
  });
  await scimClient(request, workspace.token).createUser(person);

  await signIn(page, person, `pw-${id}-secret`, "/");
  await page.getByRole("link", { name: workspace.name }).click();
  await expect(
    page.getByRole("heading", { name: workspace.name }),
  ).toBeVisible();
  await expect(page.getByText("Your role here: Reviewer.")).toBeVisible();

  await page.goto("/dev/outbox");
  const email = page.getByRole("article").filter({ hasText: person });
  await expect(email).toContainText(
    "Sign in with your existing Roster account",
  );
  await expect(email).not.toContainText("Set a password");
  await expect(
    email.getByRole("link", { name: /Open the link in this email/ }),
  ).toHaveAttribute("href", new RegExp(`/w/${workspace.slug}$`));
});

test("a deprovisioned person loses that workspace and keeps their others", async ({
  page,
  request,
}) => {
  const workspace = await createTestWorkspace();
  const other = await createTestWorkspace();
  const scim = scimClient(request, workspace.token);
  const id = uniqueId();
  const person = `leaving-${id}@example.com`;
  const password = `pw-${id}-secret`;
  const scimId = await scim.createUser(person, { displayName: "Dee Parted" });
  await addMember(testDb(), {
    workspaceSlug: other.slug,
    email: person,
    role: "editor",
  });

  await page.goto(`/invite/${await inviteSecretOf(workspace.id, person)}`);
  await page.getByLabel("New password").fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Set password and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${workspace.slug}$`));

  await page.goto("/");
  const list = page.getByRole("list");
  await expect(list.getByRole("link", { name: workspace.name })).toBeVisible();
  await expect(list.getByRole("link", { name: other.name })).toBeVisible();
  await expect(
    list.getByRole("link", { name: "Dee Parted's workspace" }),
  ).toBeVisible();

  await scim.deactivate(scimId);

  await page.reload();
  await expect(list.getByRole("link", { name: workspace.name })).toHaveCount(0);
  await expect(list.getByRole("link", { name: other.name })).toBeVisible();
  await expect(
    list.getByRole("link", { name: "Dee Parted's workspace" }),
  ).toBeVisible();
  for (const path of [
    `/w/${workspace.slug}`,
    `/w/${workspace.slug}/settings/members`,
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  await page.goto(`/w/${other.slug}`);
  await expect(page.getByRole("heading", { name: other.name })).toBeVisible();
});
