import { expect, test } from "@playwright/test";

import { addMember } from "@/lib/workspaces/add-member";
import { createUser } from "@/lib/workspaces/create-user";

import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { signIn } from "../support/sign-in";
import { closeTestDb, testDb } from "../support/test-db";

test.afterAll(closeTestDb);

test("a wrong password is refused with a message", async ({ page }) => {
  const workspace = await createTestWorkspace();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(workspace.owner.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();

  // Next.js adds its own role="alert" route announcer; find ours by its text.
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: "The email or password is not correct." }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test("an editor sees Members but not User Provisioning", async ({ page }) => {
  const workspace = await createTestWorkspace();
  const email = `editor-${uniqueId()}@example.com`;
  await createUser(testDb(), {
    email,
    name: "Eddie Editor",
    password: "editor-password",
  });
  await addMember(testDb(), {
    workspaceSlug: workspace.slug,
    email,
    role: "editor",
  });

  await signIn(
    page,
    email,
    "editor-password",
    `/w/${workspace.slug}/settings/members`,
  );

  await expect(page.getByRole("row").filter({ hasText: email })).toContainText(
    "Editor",
  );
  await expect(
    page.getByRole("link", { name: "User Provisioning" }),
  ).toHaveCount(0);
  await page.goto(`/w/${workspace.slug}/settings/provisioning`);
  await expect(
    page.getByText(
      "Only owners and admins of this workspace can manage User Provisioning.",
    ),
  ).toBeVisible();
  await expect(
    page.getByRole("button", { name: "Create SCIM token" }),
  ).toHaveCount(0);
});

test("a Team plan workspace explains that provisioning needs Enterprise", async ({
  page,
}) => {
  const workspace = await createTestWorkspace({ plan: "team" });

  await signIn(
    page,
    workspace.owner.email,
    workspace.owner.password,
    `/w/${workspace.slug}/settings/provisioning`,
  );

  await expect(page.getByText(/part of the Enterprise plan/)).toBeVisible();
  await expect(
    page.getByRole("button", { name: "Create SCIM token" }),
  ).toHaveCount(0);
});

test("a workspace the visitor does not belong to is not found", async ({
  page,
}) => {
  const mine = await createTestWorkspace();
  const theirs = await createTestWorkspace();

  await signIn(
    page,
    mine.owner.email,
    mine.owner.password,
    `/w/${mine.slug}/settings/members`,
  );
  const response = await page.goto(`/w/${theirs.slug}/settings/provisioning`);

  expect(response?.status()).toBe(404);
});

test("deleting a token asks first, then the IdP is refused", async ({
  page,
  request,
}) => {
  const workspace = await createTestWorkspace();
  await signIn(
    page,
    workspace.owner.email,
    workspace.owner.password,
    `/w/${workspace.slug}/settings/provisioning`,
  );
  const before = await request.get("/api/scim/v2/Users", {
    headers: { Authorization: `Bearer ${workspace.token}` },
  });
  expect(before.status()).toBe(200);

  await page.getByRole("button", { name: "Delete token test" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this token?" });
  await expect(dialog).toContainText("identity provider will stop working");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(
    page.getByText(`roster_scim_…${workspace.token.slice(-4)}`),
  ).toBeVisible();

  await page.getByRole("button", { name: "Delete token test" }).click();
  await dialog.getByRole("button", { name: "Delete token" }).click();
  await expect(
    page.getByText(`roster_scim_…${workspace.token.slice(-4)}`),
  ).toHaveCount(0);

  const after = await request.get("/api/scim/v2/Users", {
    headers: { Authorization: `Bearer ${workspace.token}` },
  });
  expect(after.status()).toBe(401);
});

test("a third live token is refused with a message that says why", async ({
  page,
}) => {
  const workspace = await createTestWorkspace();
  await signIn(
    page,
    workspace.owner.email,
    workspace.owner.password,
    `/w/${workspace.slug}/settings/provisioning`,
  );

  await page.getByLabel("Token label").fill("Rotation");
  await page.getByLabel("Expires after").selectOption({ label: "30 days" });
  await page.getByRole("button", { name: "Create SCIM token" }).click();
  await page.getByRole("button", { name: "I have copied the token" }).click();
  await expect(page.getByText("Rotation", { exact: true })).toBeVisible();
  // A token within 30 days of expiry says so, with what to do.
  await expect(
    page.getByText(/Expires in (29|30) days: create a new token/),
  ).toBeVisible();

  await page.getByLabel("Token label").fill("One too many");
  await page.getByRole("button", { name: "Create SCIM token" }).click();

  await expect(
    page.getByRole("alert").filter({ hasText: "at most 2 SCIM tokens" }),
  ).toBeVisible();
  await expect(page.getByText("One too many")).toHaveCount(0);
});

test("the session cookie is HttpOnly and SameSite=Lax", async ({
  page,
  context,
}) => {
  const workspace = await createTestWorkspace();
  await signIn(
    page,
    workspace.owner.email,
    workspace.owner.password,
    `/w/${workspace.slug}/settings/members`,
  );

  const session = (await context.cookies()).find((c) =>
    c.name.includes("session-token"),
  );

  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
});

test("a session started on one app instance is valid on the other", async ({
  page,
}) => {
  const [first, second = first] = (
    process.env.ROSTER_TEST_BASE_URLS ??
    process.env.ROSTER_TEST_BASE_URL ??
    ""
  )
    .split(",")
    .filter(Boolean);
  const workspace = await createTestWorkspace();

  await signIn(
    page,
    workspace.owner.email,
    workspace.owner.password,
    `${first}/w/${workspace.slug}/settings/members`,
  );
  await page.goto(`${second}/w/${workspace.slug}/settings/members`);

  await expect(page).toHaveURL(
    new RegExp(`^${second}/w/${workspace.slug}/settings/members`),
  );
  await expect(
    page.getByRole("row").filter({ hasText: workspace.owner.email }),
  ).toContainText("Owner");
});
