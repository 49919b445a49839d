import { expect, type Page, test } from "@playwright/test";
import { and, eq } from "drizzle-orm";

import { provisioningEvents } from "@/db/schema";
import { getEventRetentionDays } from "@/db/queries/provisioning-event-retention";

import { expectNoAxeViolations } from "../support/a11y";
import {
  createTestWorkspace,
  setProvisioningEnabled,
  type TestWorkspace,
  uniqueId,
} from "../support/fixtures";
import { signIn } from "../support/sign-in";
import { closeTestDb, testDb } from "../support/test-db";

test.afterAll(closeTestDb);

const ENTRA = "Azure Active Directory SCIM Client";

/** Sends a SCIM request the way an IdP does, from outside the browser. */
async function scim(
  page: Page,
  workspace: TestWorkspace,
  method: "GET" | "POST" | "PATCH",
  path: string,
  body?: unknown,
) {
  const response = await page.request.fetch(`/api/scim/v2${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${workspace.token}`,
      "Content-Type": "application/scim+json",
      "User-Agent": ENTRA,
    },
    data: body === undefined ? undefined : JSON.stringify(body),
  });

  return { status: response.status(), json: await response.json() };
}

const eventCount = async (workspace: TestWorkspace) =>
  (
    await testDb()
      .select({ id: provisioningEvents.id })
      .from(provisioningEvents)
      .where(eq(provisioningEvents.workspaceId, workspace.id))
  ).length;

// Other sections of the tab have tables too (the guides' attribute table).
const rowOf = (page: Page, text: string | RegExp) =>
  page
    .getByRole("region", { name: "Activity", exact: true })
    .getByRole("row")
    .filter({ hasText: text });

test("the Activity log shows creates, failures and deactivations with hints, and filters narrow it", async ({
  page,
}) => {
  const workspace = await createTestWorkspace({ enabled: false });
  const early = `early-${uniqueId()}@example.com`;
  const person = `jane-${uniqueId()}@example.com`;
  const password = `Pw-${uniqueId()}-secret`;
  const path = `/w/${workspace.slug}/settings/provisioning`;

  await signIn(page, workspace.owner.email, workspace.owner.password, path);
  await expect(page.getByText("No request has arrived yet.")).toBeVisible();

  await test.step("the IdP creates, fails and deactivates", async () => {
    expect(
      (await scim(page, workspace, "POST", "/Users", { userName: early }))
        .status,
    ).toBe(403);
    await setProvisioningEnabled(workspace, true);
    const user = { userName: person, password, emails: [{ value: person }] };
    const created = await scim(page, workspace, "POST", "/Users", user);
    expect(created.status).toBe(201);
    expect((await scim(page, workspace, "POST", "/Users", user)).status).toBe(
      409,
    );
    const deactivated = await scim(
      page,
      workspace,
      "PATCH",
      `/Users/${created.json.id}`,
      {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "Replace", path: "active", value: "False" }],
      },
    );
    expect(deactivated.status).toBe(200);
    await expect.poll(() => eventCount(workspace)).toBe(4);
  });

  await test.step("each request appears with its hint", async () => {
    await page.reload();
    await expect(
      page.getByText(
        /Last request received\s+just now\s+from Microsoft Entra ID/,
      ),
    ).toBeVisible();
    await expect(
      page.getByRole("status").filter({ hasText: "Showing 4 events" }),
    ).toBeVisible();
    await expect(rowOf(page, /403\s*Failure/)).toContainText(
      "Provisioning is turned off for this workspace; turn it on above",
    );
    await expect(rowOf(page, /409\s*Failure/)).toContainText(
      "A person with this userName already exists in Roster",
    );
    await expect(rowOf(page, "Deactivate")).toContainText(
      'Microsoft Entra sent active as text "False"; Roster accepted it as false.',
    );
    await expect(rowOf(page, /201\s*Success/)).toContainText(person);
    await expect(page.getByText(password)).toHaveCount(0);
    await expectNoAxeViolations(page, "activity list");
  });

  await test.step("filters narrow the list, using the keyboard only", async () => {
    await page.getByLabel("Outcome").focus();
    await page.keyboard.press("F");
    await expect(page.getByLabel("Outcome")).toHaveValue("failure");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Person or group")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/outcome=failure/);
    await expect(
      page.getByRole("status").filter({ hasText: "Showing 2 events" }),
    ).toBeVisible();
    await expect(rowOf(page, /201\s*Success/)).toHaveCount(0);

    await page.getByLabel("Person or group").focus();
    await page.keyboard.type(early.slice(0, 12).toUpperCase());
    await page.keyboard.press("Enter");
    await expect(
      page.getByRole("status").filter({ hasText: "Showing 1 event," }),
    ).toBeVisible();
    await expect(rowOf(page, /403\s*Failure/)).toContainText(early);

    await page.goto(`${path}?operation=deactivate`);
    await expect(
      page.getByRole("status").filter({ hasText: "Showing 1 event," }),
    ).toBeVisible();
    await expect(rowOf(page, "Deactivate")).toContainText(person);

    await page.goto(`${path}?from=2026-03-02&to=2026-03-01`);
    await expect(
      page
        .getByRole("alert")
        .filter({ hasText: "The start date is after the end date" }),
    ).toBeVisible();
    await expect(page.getByLabel("From (UTC)")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    await expect(
      page.getByRole("status").filter({ hasText: "Showing 4 events" }),
    ).toBeVisible();

    const today = new Date().toISOString().slice(0, 10);
    await page.goto(`${path}?from=2020-01-01&to=2020-12-31`);
    await expect(
      page.getByText("No events match these filters."),
    ).toBeVisible();
    await page.goto(`${path}?from=${today}&to=${today}`);
    await expect(
      page.getByRole("status").filter({ hasText: "Showing 4 events" }),
    ).toBeVisible();
  });

  await test.step("the detail view shows the redacted body, by keyboard", async () => {
    await page.goto(path);
    const details = page.getByRole("link", {
      name: new RegExp(`^Details of Create ${person}`),
    });
    await expect(details).toHaveCount(2);
    await details.last().focus();
    await page.keyboard.press("Enter");
    await expect(
      page.getByRole("heading", { name: "Provisioning request" }),
    ).toBeVisible();
    const body = page.getByLabel("Request body");
    await expect(body).toContainText('"password": "[redacted]"');
    await expect(body).toContainText(person);
    await expect(page.getByText(password)).toHaveCount(0);
    await expect(page.getByText(workspace.token)).toHaveCount(0);
    await expect(
      page.getByText(`roster_scim_…${workspace.token.slice(-4)}`),
    ).toBeVisible();
    await expectNoAxeViolations(page, "activity detail");

    await page.getByRole("link", { name: "Back to activity" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Activity" })).toBeVisible();
  });

  await test.step("the 409 detail explains the conflict", async () => {
    const [conflict] = await testDb()
      .select({ id: provisioningEvents.id })
      .from(provisioningEvents)
      .where(
        and(
          eq(provisioningEvents.workspaceId, workspace.id),
          eq(provisioningEvents.status, 409),
        ),
      );
    await page.goto(`${path}/activity/${conflict.id}`);
    await expect(
      page.getByRole("region", { name: "What this means" }),
    ).toContainText("A person with this userName already exists in Roster");
  });
});

test("another workspace's event is not found; the retention is validated and saved", async ({
  page,
}) => {
  const mine = await createTestWorkspace();
  const theirs = await createTestWorkspace();
  await scim(page, theirs, "GET", "/ServiceProviderConfig");
  await expect.poll(() => eventCount(theirs)).toBe(1);
  const [their] = await testDb()
    .select({ id: provisioningEvents.id })
    .from(provisioningEvents)
    .where(eq(provisioningEvents.workspaceId, theirs.id));
  const path = `/w/${mine.slug}/settings/provisioning`;

  await signIn(page, mine.owner.email, mine.owner.password, path);
  const response = await page.goto(`${path}/activity/${their.id}`);
  expect(response?.status()).toBe(404);

  await page.goto(path);
  const retention = page.getByLabel("Keep activity for (days)");
  await expect(retention).toHaveValue("180");
  await retention.fill("0");
  await page.getByRole("button", { name: "Save retention" }).click();
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: "Keep events for at least 1 day." }),
  ).toBeVisible();
  await expect(retention).toHaveAttribute("aria-invalid", "true");
  await expect(retention).toBeFocused();

  await retention.fill("30");
  await page.keyboard.press("Enter");
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: "Activity is now kept for 30 days." }),
  ).toBeVisible();
  await expect.poll(() => getEventRetentionDays(testDb(), mine.id)).toBe(30);
  await expectNoAxeViolations(page, "empty activity and retention form");
});

test("the list pages by 25, newest first, with Older and Newer links", async ({
  page,
}) => {
  const workspace = await createTestWorkspace();
  await testDb()
    .insert(provisioningEvents)
    .values(
      Array.from({ length: 30 }, (_, i) => ({
        workspaceId: workspace.id,
        requestId: `page-${i}`,
        method: "GET",
        path: "/Users",
        operation: "lookup",
        status: 200,
        outcome: "success",
        subject: `person-${String(i + 1).padStart(2, "0")}@example.com`,
        durationMs: 3,
      })),
    );
  const path = `/w/${workspace.slug}/settings/provisioning`;

  await signIn(page, workspace.owner.email, workspace.owner.password, path);
  await expect(
    page.getByRole("status").filter({ hasText: "Showing 25 events" }),
  ).toBeVisible();
  await expect(rowOf(page, "person-30@")).toHaveCount(1);
  await expect(rowOf(page, "person-05@")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Newer events" })).toHaveCount(0);

  await page.getByRole("link", { name: "Older events" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Showing 5 events" }),
  ).toBeVisible();
  await expect(rowOf(page, "person-05@")).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Older events" })).toHaveCount(0);

  await page.getByRole("link", { name: "Newer events" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Showing 25 events" }),
  ).toBeVisible();
  await expect(rowOf(page, "person-30@")).toHaveCount(1);
});
