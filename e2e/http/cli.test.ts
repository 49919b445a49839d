import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";

import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, test } from "vitest";

import { scimTokens } from "@/db/schema";

import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { scimRequest } from "../support/scim-client";
import { closeTestDb, testDb } from "../support/test-db";

const exec = promisify(execFile);

afterAll(closeTestDb);

async function roster(...args: string[]) {
  try {
    const { stdout, stderr } = await exec(
      "npx",
      ["tsx", "scripts/roster.ts", ...args],
      { env: process.env },
    );

    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };

    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function onlyJson(stdout: string) {
  const lines = stdout.split("\n").filter(Boolean);
  expect(lines).toHaveLength(1);

  return JSON.parse(lines[0]) as Record<string, unknown>;
}

describe("npm run roster", () => {
  test("creates a user, an Enterprise workspace, a token and enables provisioning", async () => {
    const id = uniqueId();
    const email = `cli-${id}@example.com`;

    const user = await roster(
      "user",
      "create",
      "--email",
      email,
      "--name",
      "Cli User",
      "--password",
      "long-enough-1",
      "--json",
    );
    expect(onlyJson(user.stdout)).toMatchObject({
      email,
      personalWorkspace: expect.stringMatching(/^personal-/),
    });

    const workspace = await roster(
      "workspace",
      "create",
      "--name",
      "Cli Co",
      "--slug",
      `cli-${id}`,
      "--plan",
      "enterprise",
      "--owner",
      email,
      "--json",
    );
    expect(onlyJson(workspace.stdout)).toMatchObject({
      slug: `cli-${id}`,
      plan: "enterprise",
    });

    const token = onlyJson(
      (
        await roster(
          "token",
          "create",
          "--workspace",
          `cli-${id}`,
          "--label",
          "ci",
          "--json",
        )
      ).stdout,
    );
    expect(token.token).toMatch(/^roster_scim_/);

    const enabled = await roster(
      "provisioning",
      "enable",
      "--workspace",
      `cli-${id}`,
      "--role",
      "developer",
      "--json",
    );
    expect(onlyJson(enabled.stdout)).toEqual({
      workspace: `cli-${id}`,
      enabled: true,
      role: "developer",
    });

    expect(
      (await scimRequest("GET", "/Users", { token: token.token as string }))
        .status,
    ).toBe(200);

    await roster("provisioning", "disable", "--workspace", `cli-${id}`);
    expect(
      (await scimRequest("GET", "/Users", { token: token.token as string }))
        .status,
    ).toBe(403);
  });

  test("a blank token label gets the default, as in the settings form", async () => {
    const workspace = await createTestWorkspace();
    const created = onlyJson(
      (
        await roster(
          "token",
          "create",
          "--workspace",
          workspace.slug,
          "--label",
          "   ",
          "--json",
        )
      ).stdout,
    );

    const [row] = await testDb()
      .select({ label: scimTokens.label })
      .from(scimTokens)
      .where(
        and(
          eq(scimTokens.workspaceId, workspace.id),
          eq(scimTokens.id, created.id as string),
        ),
      );
    expect(row.label).toBe("SCIM token");
  });

  test.each([
    [
      [
        "workspace",
        "create",
        "--name",
        "X",
        "--slug",
        "Bad Slug",
        "--plan",
        "enterprise",
      ],
      2,
      /--slug/,
    ],
    [
      [
        "workspace",
        "create",
        "--name",
        "X",
        "--slug",
        "ok-slug",
        "--plan",
        "gold",
      ],
      2,
      /--plan/,
    ],
    [
      [
        "user",
        "create",
        "--email",
        "not-an-email",
        "--name",
        "X",
        "--password",
        "long-enough",
      ],
      2,
      /--email/,
    ],
    [
      [
        "member",
        "add",
        "--workspace",
        "nowhere-at-all",
        "--email",
        "a@example.com",
        "--role",
        "admin",
      ],
      1,
      /No workspace/,
    ],
    [
      [
        "user",
        "create",
        "--email",
        `${"a".repeat(310)}@example.com`,
        "--name",
        "X",
        "--password",
        "long-enough",
      ],
      2,
      /--email .*at most 320/,
    ],
    [
      [
        "user",
        "create",
        "--email",
        // Random letters do not compress: over PostgreSQL's 2704-byte index entry.
        `${randomBytes(3000).toString("base64url")}@example.com`,
        "--name",
        "X",
        "--password",
        "long-enough",
      ],
      2,
      /--email .*at most 320/,
    ],
    [["frobnicate"], 2, /Unknown command/],
    [["token", "create"], 2, /--workspace is required/],
  ])("refuses %j with a clear message", async (args, code, message) => {
    const result = await roster(...args, "--json");

    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(onlyJson(result.stdout)).toMatchObject({
      error: { message: expect.stringMatching(message) },
    });
  });
});
