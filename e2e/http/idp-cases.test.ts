import { readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, describe, expect, test } from "vitest";

import {
  createTestWorkspace,
  setProvisioningEnabled,
  type TestWorkspace,
} from "../support/fixtures";
import {
  findKey,
  findMismatch,
  readPath,
  substitute,
} from "../support/json-match";
import { personState } from "../support/membership";
import { scimRequest } from "../support/scim-client";
import { closeTestDb } from "../support/test-db";

// Request shapes real IdPs send (e2e/cases/README.md), each run as a test
// against a fresh workspace with provisioning enabled and a valid token.

interface Step {
  request: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: unknown;
    auth?: string;
    note?: string;
  };
  expect: { status: number; json?: unknown; absentKeys?: string[] };
  save?: Record<string, string>;
  then?: string;
}

interface Scenario {
  id: string;
  idp: string;
  about: string;
  steps: Step[];
}

const { scenarios } = JSON.parse(
  readFileSync(
    path.join(import.meta.dirname, "../cases/idp-requests.json"),
    "utf8",
  ),
) as { scenarios: Scenario[] };

type Check = (
  workspace: TestWorkspace,
  saved: Record<string, string>,
) => Promise<void>;

// What must hold after a step that the response alone cannot show ("then").
const beforeStep: Record<string, Check> = {
  "auth-failures#3": (workspace) => setProvisioningEnabled(workspace, false),
};

const isMemberWith =
  (role: string): Check =>
  async (workspace, saved) => {
    const state = await personState(workspace.id, saved.id);
    expect(state.membership).toMatchObject({ role, source: "scim" });
  };

const isGoneButAccountKept: Check = async (workspace, saved) => {
  const state = await personState(workspace.id, saved.id);
  expect(state.scimUser?.active).toBe(false);
  expect(state.membership).toBeUndefined();
  expect(state.account).toBeDefined();
  expect(state.memberships.some((m) => m.personal && m.role === "owner")).toBe(
    true,
  );
};

const afterStep: Record<string, Check> = {
  "okta-lookup-create-deactivate-reactivate#1": async (workspace, saved) => {
    await isMemberWith("developer")(workspace, saved);
    expect(
      (await personState(workspace.id, saved.id)).invitations,
    ).toHaveLength(1);
  },
  "okta-lookup-create-deactivate-reactivate#2": isGoneButAccountKept,
  "okta-lookup-create-deactivate-reactivate#5": isMemberWith("developer"),
  "entra-default-disable#1": isGoneButAccountKept,
  "patch-prototype-keys#2": async (workspace, saved) => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const again = await scimRequest("GET", `/Users/${saved.id}`, {
      token: workspace.token,
    });
    expect(again.status).toBe(200);
    expect(findKey(again.json, "polluted")).toBe(false);
  },
  "okta-import-pages#4": async (workspace) => {
    const ids: unknown[] = [];
    for (const startIndex of [1, 3]) {
      const page = await scimRequest(
        "GET",
        `/Users?startIndex=${startIndex}&count=2`,
        { token: workspace.token },
      );
      ids.push(...(page.json?.Resources as { id: string }[]).map((r) => r.id));
    }
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  },
};

function authorizationFor(step: Step, workspace: TestWorkspace) {
  if (step.request.auth === undefined) return { token: workspace.token };
  if (step.request.auth === "none") return { token: null };

  return { authorization: step.request.auth };
}

afterAll(closeTestDb);

describe.each(scenarios)("$id ($idp)", (scenario) => {
  test(scenario.about, async () => {
    const workspace = await createTestWorkspace({ role: "developer" });
    const saved: Record<string, string> = {};

    for (const [index, rawStep] of scenario.steps.entries()) {
      const step = substitute(rawStep, saved);
      const key = `${scenario.id}#${index}`;
      await beforeStep[key]?.(workspace, saved);

      const hasBody = step.request.body !== undefined;
      const response = await scimRequest(
        step.request.method,
        step.request.path,
        {
          ...authorizationFor(step, workspace),
          headers: {
            ...(hasBody ? { "Content-Type": "application/scim+json" } : {}),
            ...step.request.headers,
          },
          body: hasBody ? JSON.stringify(step.request.body) : undefined,
        },
      );

      const where = `step ${index} ${step.request.method} ${step.request.path}`;
      expect(response.status, `${where}: ${response.text}`).toBe(
        step.expect.status,
      );
      expect(response.headers.get("content-type") ?? "", where).toMatch(
        response.status === 204 ? /.*/ : /^application\/scim\+json/,
      );
      if (step.expect.json !== undefined) {
        expect(
          findMismatch(step.expect.json, response.json),
          `${where}: ${response.text}`,
        ).toBeNull();
      }
      for (const absent of step.expect.absentKeys ?? []) {
        expect(
          findKey(response.json, absent),
          `${where}: "${absent}" must be absent`,
        ).toBe(false);
      }
      for (const [name, jsonPath] of Object.entries(step.save ?? {})) {
        saved[name] = String(readPath(response.json, jsonPath));
      }
      await afterStep[key]?.(workspace, saved);
    }
  });
});
