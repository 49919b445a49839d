import { expect, type Page, test } from "@playwright/test";

import { getProvisioningSettings } from "@/db/queries/provisioning-settings";
import { addMember } from "@/lib/workspaces/add-member";
import { createUser } from "@/lib/workspaces/create-user";

import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { signIn } from "../support/sign-in";
import { closeTestDb, testDb } from "../support/test-db";

test.afterAll(closeTestDb);

interface CapturedAction {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Records the server action request the page sends when `act` runs. */
async function captureAction(
  page: Page,
  act: () => Promise<void>,
): Promise<CapturedAction> {
  const request = page.waitForRequest(
    (r) => r.method() === "POST" && r.headers()["next-action"] !== undefined,
  );
  await act();
  const sent = await request;
  const headers = sent.headers();

  return {
    url: sent.url(),
    headers: {
      "next-action": headers["next-action"],
      "content-type": headers["content-type"],
      accept: headers.accept ?? "text/x-component",
    },
    body: sent.postData() ?? "",
  };
}

test("settings actions re-check the caller on the server and refuse other origins", async ({
  page,
  browser,
  baseURL,
}) => {
  const workspace = await createTestWorkspace({ enabled: false });
  const isEnabled = async () =>
    (await getProvisioningSettings(testDb(), workspace.id)).enabled;

  await signIn(
    page,
    workspace.owner.email,
    workspace.owner.password,
    `/w/${workspace.slug}/settings/provisioning`,
  );
  const checkbox = page.getByLabel("Enable user provisioning with SCIM");
  const enable = await captureAction(page, () => checkbox.check());
  await expect.poll(isEnabled).toBe(true);
  await checkbox.uncheck();
  await expect.poll(isEnabled).toBe(false);
  expect(enable.body).toContain(workspace.slug);

  const replay = (
    context: { request: Page["request"] },
    extra: Record<string, string> = {},
  ) =>
    context.request.post(enable.url, {
      headers: { ...enable.headers, origin: baseURL!, ...extra },
      data: enable.body,
    });

  await test.step("a signed-out visitor", async () => {
    const anonymous = await browser.newContext();
    await replay(anonymous);
    expect(await isEnabled()).toBe(false);
    await anonymous.close();
  });

  await test.step("an editor of the workspace", async () => {
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
    const response = await replay(editorPage);
    expect(await response.text()).toContain("Only owners and admins");
    expect(await isEnabled()).toBe(false);
    await editor.close();
  });

  await test.step("an admin of another workspace", async () => {
    const other = await createTestWorkspace();
    const stranger = await browser.newContext();
    const strangerPage = await stranger.newPage();
    await signIn(
      strangerPage,
      other.owner.email,
      other.owner.password,
      `/w/${other.slug}/settings/members`,
    );
    await replay(strangerPage);
    expect(await isEnabled()).toBe(false);
    await stranger.close();
  });

  await test.step("the admin's own session, posted from another origin", async () => {
    const response = await replay(page, { origin: "https://evil.example" });
    expect(response.ok()).toBe(false);
    expect(await isEnabled()).toBe(false);
  });

  await test.step("the same request from the admin's own origin works", async () => {
    await replay(page);
    await expect.poll(isEnabled).toBe(true);
  });
});

test("sign-in is throttled after repeated failures, even with the right password", async ({
  page,
}) => {
  const workspace = await createTestWorkspace();
  await page.goto("/signin");
  const attempt = async (password: string) => {
    await page.getByLabel("Email").fill(workspace.owner.email);
    await page.getByLabel("Password").fill(password);
    const answered = page.waitForResponse(/\/api\/auth\/callback\/credentials/);
    await page.getByRole("button", { name: "Sign in" }).click();
    await answered;
    // React resets the form when its action has finished.
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  };
  for (let i = 0; i < 10; i++) {
    await attempt(`wrong-${i}`);
    await expect(
      page.getByRole("alert").filter({ hasText: "not correct" }),
    ).toBeVisible();
  }

  await attempt(workspace.owner.password);

  await expect(
    page.getByRole("alert").filter({ hasText: "Too many failed attempts" }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});
