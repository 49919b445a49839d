import { afterAll, describe, expect, test } from "vitest";

import { checkConnection } from "@/lib/provisioning/check-connection";
import {
  SCIM_USER_SERVICES,
  type ScimUserServices,
} from "@/lib/provisioning/check-connection-steps";
import { ScimError } from "@/lib/scim/errors";

import { createTestWorkspace, type TestWorkspace } from "../support/fixtures";
import {
  connectionCheckLeftovers,
  workspaceRowCounts,
} from "../support/row-counts";
import { closeTestDb, testDb } from "../support/test-db";

afterAll(closeTestDb);

function check(
  workspace: TestWorkspace,
  services: ScimUserServices = SCIM_USER_SERVICES,
) {
  return checkConnection(
    testDb(),
    {
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      baseUrl: "http://127.0.0.1/api/scim/v2",
      ip: "127.0.0.1",
    },
    services,
  );
}

/** Runs `work` and asserts that not one row changed because of it. */
async function expectNoRowsLeftBy(
  workspace: TestWorkspace,
  work: () => Promise<void>,
) {
  const before = await workspaceRowCounts(workspace.id);

  await work();

  expect(await workspaceRowCounts(workspace.id)).toEqual(before);
  expect(await connectionCheckLeftovers()).toEqual({
    accounts: 0,
    personal: 0,
  });
}

describe("Check connection", () => {
  test("runs the six lifecycle steps through the SCIM services and leaves no rows", async () => {
    const workspace = await createTestWorkspace({ role: "developer" });

    await expectNoRowsLeftBy(workspace, async () => {
      const result = await check(workspace);

      expect(result.isOk).toBe(true);
      expect(result.notes).toEqual([]);
      expect(result.steps.map((s) => [s.name, s.outcome, s.status])).toEqual([
        ["create", "passed", 201],
        ["find", "passed", 200],
        ["update", "passed", 200],
        ["deactivate", "passed", 200],
        ["reactivate", "passed", 200],
        ["delete", "passed", 204],
      ]);
      expect(result.steps[0].detail).toContain("joined as Developer");
      for (const step of result.steps) {
        expect(step.durationMs).toBeGreaterThanOrEqual(0);
      }
    });
  });

  test("two checks at once do not collide", async () => {
    const workspace = await createTestWorkspace();

    await expectNoRowsLeftBy(workspace, async () => {
      const results = await Promise.all([check(workspace), check(workspace)]);

      expect(results.map((r) => r.isOk)).toEqual([true, true]);
    });
  });

  test("runs while provisioning is off and says the IdP would get 403", async () => {
    const workspace = await createTestWorkspace({ enabled: false });

    await expectNoRowsLeftBy(workspace, async () => {
      const result = await check(workspace);

      expect(result.isOk).toBe(true);
      expect(result.notes.join(" ")).toMatch(/turned off.*403/);
    });
  });

  test("a refused step is reported with its status and the later steps are skipped", async () => {
    const workspace = await createTestWorkspace();
    const refuseDeactivation: ScimUserServices = {
      ...SCIM_USER_SERVICES,
      patchScimUser: async (ctx, id, body) => {
        if (JSON.stringify(body).includes('"active","value":false')) {
          throw new ScimError(409, "Deactivation refused for this test.");
        }

        return SCIM_USER_SERVICES.patchScimUser(ctx, id, body);
      },
    };

    await expectNoRowsLeftBy(workspace, async () => {
      const result = await check(workspace, refuseDeactivation);

      expect(result.isOk).toBe(false);
      expect(result.steps.map((s) => [s.name, s.outcome])).toEqual([
        ["create", "passed"],
        ["find", "passed"],
        ["update", "passed"],
        ["deactivate", "failed"],
        ["reactivate", "skipped"],
        ["delete", "skipped"],
      ]);
      expect(result.steps[3]).toMatchObject({
        status: 409,
        detail: "Deactivation refused for this test.",
      });
    });
  });

  test("an unexpected failure after writes still rolls every write back", async () => {
    const workspace = await createTestWorkspace();
    const failAfterDelete: ScimUserServices = {
      ...SCIM_USER_SERVICES,
      deleteScimUser: async (ctx, id) => {
        await SCIM_USER_SERVICES.deleteScimUser(ctx, id);
        throw new Error("injected failure");
      },
    };

    await expectNoRowsLeftBy(workspace, async () => {
      const result = await check(workspace, failAfterDelete);

      expect(result.isOk).toBe(false);
      expect(result.steps.map((s) => s.outcome)).toEqual([
        ...Array(5).fill("passed"),
        "failed",
      ]);
      expect(result.steps[5]).toMatchObject({
        status: 500,
        detail: "An unexpected error occurred. It has been logged.",
      });
    });
  });
  test("a step the API accepts but whose effect is wrong is reported as failed", async () => {
    const workspace = await createTestWorkspace();
    const ignoreDeactivation: ScimUserServices = {
      ...SCIM_USER_SERVICES,
      patchScimUser: async (ctx, id, body) => {
        const result = await SCIM_USER_SERVICES.patchScimUser(ctx, id, body);

        return { ...result, resource: { ...result.resource, active: false } };
      },
    };

    await expectNoRowsLeftBy(workspace, async () => {
      const result = await check(workspace, ignoreDeactivation);

      expect(result.steps[3]).toMatchObject({
        name: "deactivate",
        outcome: "passed",
      });
      expect(result.steps[4]).toMatchObject({
        name: "reactivate",
        outcome: "failed",
        status: 200,
        detail:
          "Unexpected result: active is not true, or their membership was not restored.",
      });
    });
  });
});
