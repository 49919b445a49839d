import { expect, type Locator, type Page, test } from "@playwright/test";

import { getProvisioningSettings } from "@/db/queries/provisioning-settings";
import { deleteScimToken } from "@/lib/tokens/delete-scim-token";

import { expectNoAxeViolations } from "../support/a11y";
import { createTestWorkspace, type TestWorkspace } from "../support/fixtures";
import { signIn } from "../support/sign-in";
import { closeTestDb, testDb } from "../support/test-db";

test.afterAll(closeTestDb);

const provisioningPath = (w: TestWorkspace) =>
  `/w/${w.slug}/settings/provisioning`;

/** A workspace whose User Provisioning tab shows its empty state. */
async function workspaceWithoutTokens() {
  const workspace = await createTestWorkspace({ enabled: false });
  await deleteScimToken(testDb(), {
    workspaceId: workspace.id,
    tokenId: workspace.tokenId,
    actorUserId: null,
  });

  return workspace;
}

/** Presses Tab (or `key`) until `target` has focus, failing after 40 presses. */
async function tabTo(page: Page, target: Locator, key = "Tab") {
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((node) => node === document.activeElement)) {
      return;
    }
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

/** Tabs through twice as many stops as the dialog has and stays inside it. */
async function expectFocusTrapped(page: Page, dialog: Locator) {
  const stops = await dialog.locator("button, input, select").count();
  for (const key of ["Tab", "Shift+Tab"]) {
    for (let i = 0; i < stops * 2; i++) {
      await page.keyboard.press(key);
      expect(
        await dialog.evaluate((node) => node.contains(document.activeElement)),
        `${key} #${i + 1} keeps focus in the dialog`,
      ).toBe(true);
    }
  }
}

test("sign-in, workspace list and Members have no axe violations", async ({
  page,
}) => {
  const workspace = await createTestWorkspace();
  await page.goto("/signin");
  await expectNoAxeViolations(page, "sign-in");

  await signIn(page, workspace.owner.email, workspace.owner.password, "/");
  await expect(
    page.getByRole("heading", { name: "Your workspaces" }),
  ).toBeVisible();
  await expectNoAxeViolations(page, "workspace list");

  await page.goto(`/w/${workspace.slug}/settings/members`);
  await expect(page.getByRole("heading", { name: /Members/ })).toBeVisible();
  await expectNoAxeViolations(page, "Members tab");
});

test("User Provisioning: empty state, token dialogs and delete confirmation have no axe violations", async ({
  page,
}) => {
  const workspace = await workspaceWithoutTokens();
  await signIn(
    page,
    workspace.owner.email,
    workspace.owner.password,
    provisioningPath(workspace),
  );
  await expect(page.getByText("No token yet.")).toBeVisible();
  await expectNoAxeViolations(page, "User Provisioning, no tokens");

  await page.getByLabel("Token label").fill("Okta");
  await page.getByRole("button", { name: "Create SCIM token" }).click();
  const revealed = page.getByRole("dialog", { name: "Your new SCIM token" });
  await expect(revealed.getByLabel("New SCIM token")).toHaveValue(
    /^roster_scim_/,
  );
  await expectNoAxeViolations(page, "token revealed");
  await revealed
    .getByRole("button", { name: "I have copied the token" })
    .click();

  await page.getByRole("button", { name: "Delete token Okta" }).click();
  await expect(
    page.getByRole("dialog", { name: "Delete this token?" }),
  ).toBeVisible();
  await expectNoAxeViolations(page, "delete-token confirmation");
});

test("a Team plan workspace's locked User Provisioning tab has no axe violations", async ({
  page,
}) => {
  const workspace = await createTestWorkspace({ plan: "team" });
  await signIn(
    page,
    workspace.owner.email,
    workspace.owner.password,
    provisioningPath(workspace),
  );
  await expect(page.getByText(/part of the Enterprise plan/)).toBeVisible();
  await expectNoAxeViolations(page, "locked for the Team plan");
});

test("an admin creates, copies and deletes a token and saves settings with the keyboard alone", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const workspace = await workspaceWithoutTokens();
  await signIn(
    page,
    workspace.owner.email,
    workspace.owner.password,
    provisioningPath(workspace),
  );
  const create = page.getByRole("button", { name: "Create SCIM token" });

  await test.step("fill the form and submit it from the keyboard", async () => {
    await page.locator("body").focus();
    await tabTo(page, page.getByLabel("Token label"));
    await page.keyboard.type("Keyboard");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Expires after")).toBeFocused();
    await page.keyboard.press("ArrowUp");
    await expect(page.getByLabel("Expires after")).toHaveValue("90");
    await page.keyboard.press("Tab");
    await expect(create).toBeFocused();
    await page.keyboard.press("Enter");
  });

  const revealed = page.getByRole("dialog", { name: "Your new SCIM token" });
  await test.step("the token dialog holds focus, copies and closes", async () => {
    await expect(revealed).toBeVisible();
    await expect(
      page.getByRole("status").filter({ hasText: "Token created." }),
    ).toBeAttached();
    await expectFocusTrapped(page, revealed);
    const token = await revealed.getByLabel("New SCIM token").inputValue();
    await tabTo(page, revealed.getByRole("button", { name: "Copy token" }));
    await page.keyboard.press("Space");
    await expect(
      revealed
        .getByRole("status")
        .filter({ hasText: "Copied to the clipboard" }),
    ).toBeAttached();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      token,
    );
    // Escape must not dismiss the only view of the token.
    await page.keyboard.press("Escape");
    await expect(revealed).toBeVisible();
    await tabTo(
      page,
      revealed.getByRole("button", { name: "I have copied the token" }),
    );
    await page.keyboard.press("Enter");
    await expect(revealed).toHaveCount(0);
    await expect(create).toBeFocused();
  });

  await test.step("settings save and are announced politely", async () => {
    const enable = page.getByLabel("Enable user provisioning with SCIM");
    await tabTo(page, enable);
    await page.keyboard.press("Space");
    const saved = page
      .getByRole("status")
      .filter({ hasText: "Settings saved." });
    await expect(saved).toHaveAttribute("aria-live", "polite");
    await expect(enable).toBeChecked();
    await expect(enable).toBeFocused();

    const role = page.getByLabel("Role for provisioned members");
    await page.keyboard.press("Tab");
    await expect(role).toBeFocused();
    await page.keyboard.press("ArrowUp");
    await expect(role).toHaveValue("developer");
    await expect
      .poll(
        async () =>
          (await getProvisioningSettings(testDb(), workspace.id)).role,
      )
      .toBe("developer");
    await expect(role).toBeFocused();
  });

  await test.step("the delete confirmation traps focus, cancels and deletes", async () => {
    const remove = page.getByRole("button", { name: "Delete token Keyboard" });
    const dialog = page.getByRole("dialog", { name: "Delete this token?" });
    await tabTo(page, remove, "Shift+Tab");
    await page.keyboard.press("Enter");
    await expect(dialog).toBeVisible();
    await expectFocusTrapped(page, dialog);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(remove).toBeFocused();

    await page.keyboard.press("Enter");
    await tabTo(page, dialog.getByRole("button", { name: "Delete token" }));
    await page.keyboard.press("Enter");
    const deleted = page
      .getByRole("status")
      .filter({ hasText: "Token “Keyboard” deleted." });
    await expect(deleted).toHaveAttribute("aria-live", "polite");
    await expect(page.getByText("No token yet.")).toBeVisible();
    await expect(
      page.getByRole("heading", { name: "SCIM tokens" }),
    ).toBeFocused();
  });

  await test.step("check the connection and open a guide", async () => {
    const check = page.getByRole("button", { name: "Check connection" });
    await tabTo(page, check);
    await page.keyboard.press("Enter");
    await expect(
      page.getByRole("status").filter({ hasText: "All 6 steps passed." }),
    ).toHaveAttribute("aria-live", "polite");
    await expect(check).toBeFocused();

    await tabTo(page, page.getByText("Set up Microsoft Entra ID"));
    await page.keyboard.press("Enter");
    const copyUrl = page.getByRole("button", { name: "Copy the Tenant URL" });
    await tabTo(page, copyUrl);
    await page.keyboard.press("Enter");
    await expect(copyUrl).toHaveText("Copied");
  });
});
