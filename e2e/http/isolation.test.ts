import { eq } from "drizzle-orm";
import { afterAll, describe, expect, test } from "vitest";

import {
  scimGroupMembers,
  scimGroups,
  scimUsers,
  workspaceMembers,
} from "@/db/schema";

import {
  createTestWorkspace,
  type TestWorkspace,
  uniqueId,
} from "../support/fixtures";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb, testDb } from "../support/test-db";

afterAll(closeTestDb);

const PATCH = {
  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  Operations: [
    { op: "replace", value: { active: false, displayName: "Taken over" } },
  ],
};
const BODIES: Record<string, Record<string, unknown>> = {
  Users: { userName: "takeover@example.com", active: false },
  Groups: { displayName: "Taken over", members: [] },
};

async function snapshot(workspaceId: string) {
  const db = testDb();

  return {
    users: await db
      .select()
      .from(scimUsers)
      .where(eq(scimUsers.workspaceId, workspaceId)),
    groups: await db
      .select()
      .from(scimGroups)
      .where(eq(scimGroups.workspaceId, workspaceId)),
    groupMembers: await db
      .select()
      .from(scimGroupMembers)
      .where(eq(scimGroupMembers.workspaceId, workspaceId)),
    members: await db
      .select()
      .from(workspaceMembers)
      .where(eq(workspaceMembers.workspaceId, workspaceId)),
  };
}

async function seed(workspace: TestWorkspace) {
  const user = await scimRequest("POST", "/Users", {
    token: workspace.token,
    ...jsonBody({ userName: `b-${uniqueId()}@example.com` }),
  });
  const group = await scimRequest("POST", "/Groups", {
    token: workspace.token,
    ...jsonBody({
      displayName: `B team ${uniqueId()}`,
      members: [{ value: user.json?.id }],
    }),
  });

  return { Users: user.json?.id as string, Groups: group.json?.id as string };
}

describe("a token of workspace A against workspace B", () => {
  test("every route and method answers 404 with one body, and no row of B changes", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    const theirs = await seed(b);
    await seed(a);
    const before = await snapshot(b.id);

    for (const resource of ["Users", "Groups"] as const) {
      for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
        const payload =
          method === "PUT"
            ? BODIES[resource]
            : method === "PATCH"
              ? PATCH
              : undefined;
        const options = {
          token: a.token,
          ...(payload ? jsonBody(payload) : {}),
        };
        const answers = await Promise.all(
          [
            theirs[resource],
            "6f1c1f0e-0000-4000-8000-000000000000",
            "not-a-uuid",
            "1",
          ].map((id) => scimRequest(method, `/${resource}/${id}`, options)),
        );
        const where = `${method} /${resource}`;
        expect(
          answers.map((r) => r.status),
          where,
        ).toEqual([404, 404, 404, 404]);
        for (const answer of answers)
          expect(answer.json, where).toEqual(answers[0].json);
      }

      const listed = await scimRequest(
        "GET",
        `/${resource}?filter=${encodeURIComponent(`id eq "${theirs[resource]}"`)}`,
        { token: a.token },
      );
      const searched = await scimRequest("POST", `/${resource}/.search`, {
        token: a.token,
        ...jsonBody({ filter: `id eq "${theirs[resource]}"` }),
      });
      expect(listed.json?.totalResults).toBe(0);
      expect(searched.json?.totalResults).toBe(0);
    }

    const adopt = await scimRequest("POST", "/Groups", {
      token: a.token,
      ...jsonBody({ displayName: "Poach", members: [{ value: theirs.Users }] }),
    });
    expect(adopt.status).toBe(400);
    expect(await snapshot(b.id)).toEqual(before);
  });
});
