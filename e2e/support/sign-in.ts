import { expect, type Page } from "@playwright/test";

import type { TestWorkspace } from "./fixtures";

export async function signIn(
  page: Page,
  email: string,
  password: string,
  path: string,
) {
  await page.goto(path);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

/** Signs in as the workspace's owner on its User Provisioning settings. */
export async function openProvisioning(page: Page, workspace: TestWorkspace) {
  await signIn(
    page,
    workspace.owner.email,
    workspace.owner.password,
    `/w/${workspace.slug}/settings/provisioning`,
  );
}
