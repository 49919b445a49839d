import { expect, type Page, test } from "@playwright/test";

import { createRoleMapping } from "@/lib/roles/create-role-mapping";
import { addMember } from "@/lib/workspaces/add-member";
import { createUser } from "@/lib/workspaces/create-user";

import { expectNoAxeViolations } from "../support/a11y";
import {
  createTestWorkspace,
  type TestWorkspace,
  uniqueId,
} from "../support/fixtures";
import { personState } from "../support/membership";
import { signIn } from "../support/sign-in";
import { closeTestDb, testDb } from "../support/test-db";

test.afterAll(closeTestDb);

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** The IdP's side of the test, over the real SCIM routes. */
function idp(page: Page, ws: TestWorkspace) {
  const send = async (method: string, path: string, data?: unknown) => {
    const response = await page.request.fetch(`/api/scim/v2${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${ws.token}`,
        "Content-Type": "application/scim+json",
      },
      data: data === undefined ? undefined : JSON.stringify(data),
    });
    expect(response.status(), await response.text()).toBeLessThan(300);

    return (await response.json().catch(() => ({}))) as { id: string };
  };

  return {
    async createUser(name: string) {
      const userName = `${name.toLowerCase().replaceAll(" ", ".")}@test.example`;

      return (await send("POST", "/Users", { userName, displayName: name })).id;
    },
    async pushGroup(displayName: string, members: string[]) {
      return (
        await send("POST", "/Groups", {
          displayName,
          members: members.map((value) => ({ value })),
        })
      ).id;
    },
    removeMember: (group: string, person: string) =>
      send("PATCH", `/Groups/${group}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "remove", path: `members[value eq "${person}"]` }],
      }),
  };
}

const roleOf = async (ws: TestWorkspace, scimUserId: string) =>
  (await personState(ws.id, scimUserId)).membership?.role;

test("an admin maps a pushed group to Admin; members follow the group and the mapping", async ({
  page,
}) => {
  const ws = await createTestWorkspace({ role: "reviewer" });
  const id = uniqueId();
  const group = `Design Leads ${id}`;
  const scim = idp(page, ws);
  const ann = await scim.createUser(`Ann ${id}`);
  const bob = await scim.createUser(`Bob ${id}`);
  const leads = await scim.pushGroup(group, [ann, bob]);

  await signIn(
    page,
    ws.owner.email,
    ws.owner.password,
    `/w/${ws.slug}/settings/provisioning`,
  );
  const section = page.getByRole("region", { name: "Role mapping" });

  await test.step("map the pushed group to Admin with the keyboard", async () => {
    await expect(
      section.getByText("No group is mapped to a role yet."),
    ).toBeVisible();
    await section
      .getByLabel("IdP group")
      .selectOption({ label: `${group} (2 members)` });
    const role = section.getByLabel("Role", { exact: true });
    await role.selectOption("admin");
    await role.focus();
    await page.keyboard.press("Tab");
    await expect(
      section.getByRole("button", { name: "Add mapping" }),
    ).toBeFocused();
    await page.keyboard.press("Enter");

    await expect(section.getByRole("status")).toHaveText(
      `Mapped ${group} to Admin. Role of 2 members changed.`,
    );
    const row = section.getByRole("row", { name: new RegExp(group) });
    await expect(row.getByRole("cell", { name: "2 members" })).toBeVisible();
    await expect(row.getByLabel(`Role for ${group}`)).toHaveValue("admin");
    expect([await roleOf(ws, ann), await roleOf(ws, bob)]).toEqual([
      "admin",
      "admin",
    ]);
    await expectNoAxeViolations(page, "role mapping section");
  });

  await test.step("the Members tab names the group that gives the role", async () => {
    await scim.removeMember(leads, bob);
    await page.goto(`/w/${ws.slug}/settings/members`);
    const annRow = page.getByRole("row", { name: new RegExp(`Ann ${id}`) });
    const bobRow = page.getByRole("row", { name: new RegExp(`Bob ${id}`) });
    await expect(annRow).toContainText("Admin");
    await expect(annRow).toContainText(
      `Managed by your identity provider via ${group}`,
    );
    await expect(bobRow).toContainText("Reviewer");
    await expect(bobRow).toContainText("in no mapped group");
    await expect(annRow.getByRole("combobox")).toHaveCount(0);
    await expectNoAxeViolations(page, "members tab");
  });

  await test.step("change the mapped role, then remove the mapping", async () => {
    await page.goto(`/w/${ws.slug}/settings/provisioning`);
    await section.getByLabel(`Role for ${group}`).selectOption("editor");
    await expect(section.getByRole("status")).toHaveText(
      `${group} now gives Editor. Role of 1 member changed.`,
    );
    expect(await roleOf(ws, ann)).toBe("editor");

    await section
      .getByRole("button", { name: `Remove mapping for ${group}` })
      .click();
    const dialog = page.getByRole("dialog", {
      name: `Remove the mapping of ${group}?`,
    });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Remove mapping" }).click();
    await expect(section.getByRole("status")).toHaveText(
      `Removed the mapping of ${group}. Role of 1 member changed.`,
    );
    await expect(
      section.getByRole("heading", { name: "Role mapping" }),
    ).toBeFocused();
    await expect(
      section.getByRole("row", { name: new RegExp(group) }),
    ).toHaveCount(0);
    expect(await roleOf(ws, ann)).toBe("reviewer");
  });
});

test("on the Members tab a manual member's role changes by hand; a managed member's is refused with the reason", async ({
  page,
  browser,
  baseURL,
}) => {
  const ws = await createTestWorkspace();
  const id = uniqueId();
  const group = `Contractors ${id}`;
  const scim = idp(page, ws);
  const ann = await scim.createUser(`Ann ${id}`);
  const leads = await scim.pushGroup(group, [ann]);
  await createRoleMapping(testDb(), {
    workspaceId: ws.id,
    actorUserId: ws.owner.id,
    groupId: leads,
    role: "developer",
  });
  const manualEmail = `manual-${id}@test.example`;
  const manual = await createUser(testDb(), {
    email: manualEmail,
    name: `Manual ${id}`,
    password: `pw-${id}-secret`,
  });
  await addMember(testDb(), {
    workspaceSlug: ws.slug,
    email: manualEmail,
    role: "reviewer",
  });
  const annAccount = (await personState(ws.id, ann)).account!.id;

  await signIn(
    page,
    ws.owner.email,
    ws.owner.password,
    `/w/${ws.slug}/settings/members`,
  );

  const select = page.getByLabel(`Role of Manual ${id}`);
  const request = page.waitForRequest(
    (r) => r.method() === "POST" && r.headers()["next-action"] !== undefined,
  );
  await select.focus();
  await select.selectOption("editor");
  const sent = await request;
  const manualRow = page.getByRole("row", { name: new RegExp(`Manual ${id}`) });
  await expect(manualRow.getByRole("status")).toHaveText(
    "Role changed to Editor.",
  );
  await expect
    .poll(async () => (await personRole(ws, manual.id)) ?? "")
    .toBe("editor");

  const annRow = page.getByRole("row", { name: new RegExp(`Ann ${id}`) });
  await expect(annRow).toContainText(
    `Managed by your identity provider via ${group}`,
  );
  await expect(annRow).toContainText(
    "change their groups in your identity provider or the role mapping",
  );
  await expect(annRow.getByRole("combobox")).toHaveCount(0);
  await expectNoAxeViolations(page, "members tab with role controls");

  // The server refuses too: the same action, sent for the managed member.
  const headers = sent.headers();
  const replay = (from: Page, data: string) =>
    from.request.post(sent.url(), {
      headers: {
        "next-action": headers["next-action"],
        "content-type": headers["content-type"],
        accept: headers.accept ?? "text/x-component",
        origin: baseURL!,
      },
      data,
    });
  const body = sent.postData() ?? "";
  const refused = await replay(page, body.replaceAll(manual.id, annAccount));
  expect(await refused.text()).toContain(
    `managed by your identity provider through the group ${group}`,
  );
  expect(await roleOf(ws, ann)).toBe("developer");

  // An editor of the workspace sending the action is refused by the server.
  const editorEmail = `editor-${id}@test.example`;
  await createUser(testDb(), {
    email: editorEmail,
    name: `Editor ${id}`,
    password: `pw-${id}-secret`,
  });
  await addMember(testDb(), {
    workspaceSlug: ws.slug,
    email: editorEmail,
    role: "editor",
  });
  const editor = await browser.newContext();
  const editorPage = await editor.newPage();
  await signIn(
    editorPage,
    editorEmail,
    `pw-${id}-secret`,
    `/w/${ws.slug}/settings/members`,
  );
  await expect(editorPage.getByRole("combobox")).toHaveCount(0);
  const byEditor = await replay(
    editorPage,
    body.replace('"editor"', '"admin"'),
  );
  expect(await byEditor.text()).toContain(
    "Only owners and admins of this workspace can change roles.",
  );
  expect(await personRole(ws, manual.id)).toBe("editor");
  await editor.close();
});

async function personRole(ws: TestWorkspace, userId: string) {
  const { findMembership } = await import("@/db/queries/members");

  return (await findMembership(testDb(), ws.id, userId))?.role;
}
