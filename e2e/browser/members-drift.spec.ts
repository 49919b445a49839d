import { expect, test } from "@playwright/test";
import { and, eq } from "drizzle-orm";

import { getProvisioningSettings } from "@/db/queries/provisioning-settings";
import { auditEvents, workspaceMembers } from "@/db/schema";
import { addMember } from "@/lib/workspaces/add-member";
import { createUser } from "@/lib/workspaces/create-user";

import { expectNoAxeViolations } from "../support/a11y";
import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { scimClient } from "../support/scim-browser";
import { signIn } from "../support/sign-in";
import { closeTestDb, testDb } from "../support/test-db";

test.afterAll(closeTestDb);

test("the drift filter shows members the IdP does not know, and deactivated people apart", async ({
  page,
  browser,
  request,
}) => {
  const workspace = await createTestWorkspace();
  const scim = scimClient(request, workspace.token);
  const id = uniqueId();
  const manual = `manual-${id}@example.com`;
  const provisioned = `scim-${id}@example.com`;
  const leaver = `leaver-${id}@example.com`;
  await createUser(testDb(), {
    email: manual,
    name: "Manny Manual",
    password: `pw-${id}-secret`,
  });
  await addMember(testDb(), {
    workspaceSlug: workspace.slug,
    email: manual,
    role: "editor",
  });
  await scim.createUser(provisioned, {
    displayName: "Sky Provisioned",
    externalId: `00u-${id}`,
  });
  const leaverId = await scim.createUser(leaver, {
    displayName: "Lee Leaver",
    externalId: `00u-left-${id}`,
  });
  await scim.deactivate(leaverId);

  await signIn(
    page,
    workspace.owner.email,
    workspace.owner.password,
    `/w/${workspace.slug}/settings/members`,
  );
  const members = page.getByRole("table", { name: /^Members/ });
  const deactivated = page.getByRole("table", {
    name: /^Deactivated by your identity provider/,
  });

  await test.step("all members: SCIM ones show since when and their IdP identifiers", async () => {
    const row = members.getByRole("row").filter({ hasText: provisioned });
    await expect(row.getByText("SCIM", { exact: true })).toBeVisible();
    await expect(row.getByText(/^since \d{1,2} \w{3} \d{4}$/)).toBeVisible();
    await expect(row.getByText(`00u-${id}`)).toBeVisible();
    await expect(
      members.getByRole("row").filter({ hasText: manual }),
    ).toContainText("Roster");
    await expect(
      deactivated.getByRole("row").filter({ hasText: leaver }),
    ).toContainText(/Lee Leaver.*\d{1,2} \w{3} \d{4}.*00u-left-/);
    await expect(
      members.getByRole("row").filter({ hasText: leaver }),
    ).toHaveCount(0);
    await expectNoAxeViolations(page, "members, all");
  });

  await test.step("Not managed by SCIM lists the manual member and the owner only", async () => {
    await page.getByRole("link", { name: /^Not managed by SCIM/ }).click();
    await expect(page).toHaveURL(/\?managed=manual$/);
    await expect(
      page.getByRole("link", { name: /^Not managed by SCIM \(2\)/ }),
    ).toHaveAttribute("aria-current", "page");
    await expect(
      members.getByRole("row").filter({ hasText: manual }),
    ).toBeVisible();
    await expect(
      members.getByRole("row").filter({ hasText: workspace.owner.email }),
    ).toBeVisible();
    await expect(
      members.getByRole("row").filter({ hasText: provisioned }),
    ).toHaveCount(0);
    await expect(
      deactivated.getByRole("row").filter({ hasText: leaver }),
    ).toBeVisible();
    await expectNoAxeViolations(page, "members, not managed by SCIM");
  });

  await test.step("Managed by SCIM lists the provisioned person only", async () => {
    await page.getByRole("link", { name: /^Managed by SCIM/ }).click();
    await expect(page).toHaveURL(/\?managed=scim$/);
    await expect(members.getByRole("row")).toHaveCount(2);
    await expect(
      members.getByRole("row").filter({ hasText: provisioned }),
    ).toBeVisible();
  });

  await test.step("an editor sees who is managed, but not the IdP identifiers", async () => {
    const context = await browser.newContext();
    const editor = await context.newPage();
    await signIn(
      editor,
      manual,
      `pw-${id}-secret`,
      `/w/${workspace.slug}/settings/members`,
    );
    const row = editor.getByRole("row").filter({ hasText: provisioned });
    await expect(row.getByText(/^since /)).toBeVisible();
    await expect(editor.getByText(`00u-${id}`)).toHaveCount(0);
    await expect(
      editor.getByRole("row").filter({ hasText: leaver }),
    ).toBeVisible();
    await expect(editor.getByText(`00u-left-${id}`)).toHaveCount(0);
    await context.close();
  });
});

test("the reactivation policy decides the role a reactivated person gets", async ({
  page,
  request,
}) => {
  const workspace = await createTestWorkspace({ role: "editor" });
  const scim = scimClient(request, workspace.token);
  const person = `back-${uniqueId()}@example.com`;
  const scimId = await scim.createUser(person, { displayName: "Bea Back" });
  const roleOfPerson = async () => {
    const rows = await testDb()
      .select({ role: workspaceMembers.role })
      .from(workspaceMembers)
      .where(eq(workspaceMembers.workspaceId, workspace.id));

    return rows.map((r) => r.role);
  };

  await signIn(
    page,
    workspace.owner.email,
    workspace.owner.password,
    `/w/${workspace.slug}/settings/provisioning`,
  );
  const policy = page.getByRole("group", {
    name: "When your IdP reactivates someone",
  });
  const restore = policy.getByRole("radio", {
    name: /Restore the role they had before/,
  });
  const current = policy.getByRole("radio", {
    name: /Use the current provisioning role/,
  });
  const settings = () => getProvisioningSettings(testDb(), workspace.id);
  await expect(restore).toBeChecked();
  await expectNoAxeViolations(page, "provisioning settings");

  await test.step("default: the person comes back as the Editor they were", async () => {
    await scim.deactivate(scimId);
    await page
      .getByLabel("Role for provisioned members")
      .selectOption({ label: "Developer" });
    await expect.poll(async () => (await settings()).role).toBe("developer");
    await scim.reactivate(scimId);
    expect(await roleOfPerson()).toContain("editor");
    expect(await roleOfPerson()).not.toContain("developer");
  });

  await test.step("current provisioning role: they come back as a Developer", async () => {
    await current.check();
    await expect
      .poll(async () => (await settings()).reactivationPolicy)
      .toBe("use_provisioning_role");
    await expect(
      page.getByRole("status").filter({ hasText: "Settings saved." }),
    ).toBeVisible();
    await page.reload();
    await expect(current).toBeChecked();

    await scim.deactivate(scimId);
    await scim.reactivate(scimId);
    expect(await roleOfPerson()).toContain("developer");
    expect(await roleOfPerson()).not.toContain("editor");

    await page.getByRole("link", { name: "Members" }).click();
    await expect(page).toHaveURL(/\/settings\/members/);
    await expect(
      page
        .getByRole("table", { name: /^Members/ })
        .getByRole("row")
        .filter({ hasText: person }),
    ).toContainText("Developer");
  });

  const audited = await testDb()
    .select({ details: auditEvents.details })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.workspaceId, workspace.id),
        eq(auditEvents.action, "provisioning.reactivation_policy_changed"),
      ),
    );
  expect(audited).toEqual([
    {
      details: { from: "restore_previous_role", to: "use_provisioning_role" },
    },
  ]);
});
