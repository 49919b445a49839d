import { expect, type Page } from "@playwright/test";

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
