import { randomBytes } from "node:crypto";

import { findWorkspaceBySlug } from "@/db/queries/workspaces";
import type { Plan } from "@/db/schema";
import { updateProvisioningSettings } from "@/lib/provisioning/update-settings";
import { createScimToken } from "@/lib/tokens/create-scim-token";
import { createUser } from "@/lib/workspaces/create-user";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import type { ProvisioningRole } from "@/lib/workspaces/roles";

import { testDb } from "./test-db";

export const uniqueId = () => randomBytes(5).toString("hex");

export interface TestWorkspace {
  id: string;
  slug: string;
  name: string;
  token: string;
  tokenId: string;
  owner: { id: string; email: string; password: string; name: string };
}

/** A fresh workspace of its own, with an owner and, by default, a token and provisioning on. */
export async function createTestWorkspace(
  options: { plan?: Plan; enabled?: boolean; role?: ProvisioningRole } = {},
): Promise<TestWorkspace> {
  const db = testDb();
  const id = uniqueId();
  const owner = {
    email: `owner-${id}@test.example`,
    name: `Owner ${id}`,
    password: `pw-${id}-secret`,
  };
  const user = await createUser(db, owner);
  const workspace = await createWorkspace(db, {
    name: `Test ${id}`,
    slug: `test-${id}`,
    plan: options.plan ?? "enterprise",
    ownerEmail: owner.email,
  });
  await updateProvisioningSettings(db, {
    workspaceId: workspace.id,
    change: {
      enabled: options.enabled ?? true,
      role: options.role ?? "reviewer",
    },
    actorUserId: null,
  });
  const token =
    (options.plan ?? "enterprise") === "enterprise"
      ? await createScimToken(db, {
          workspaceId: workspace.id,
          label: "test",
          actorUserId: null,
        })
      : { id: "", token: "" };

  return {
    id: workspace.id,
    slug: workspace.slug,
    name: workspace.name,
    token: token.token,
    tokenId: token.id,
    owner: { ...owner, id: user.id },
  };
}

export async function setProvisioningEnabled(
  workspace: TestWorkspace,
  enabled: boolean,
) {
  await updateProvisioningSettings(testDb(), {
    workspaceId: workspace.id,
    change: { enabled },
    actorUserId: null,
  });
}

export async function workspaceIdOf(slug: string) {
  return (await findWorkspaceBySlug(testDb(), slug))?.id;
}
