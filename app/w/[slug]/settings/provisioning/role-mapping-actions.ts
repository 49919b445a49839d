"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";

import { getDb } from "@/db";
import { runSettingsAction } from "@/lib/auth/run-settings-action";
import { requireWorkspaceAdmin } from "@/lib/auth/require-session";
import { clientIp } from "@/lib/http/public-origin";
import { createRoleMapping } from "@/lib/roles/create-role-mapping";
import { deleteRoleMapping } from "@/lib/roles/delete-role-mapping";
import {
  type RoleMappingGroupInput,
  roleMappingGroupSchema,
  type RoleMappingInput,
  roleMappingSchema,
} from "@/lib/roles/role-mapping-schemas";
import { updateRoleMapping } from "@/lib/roles/update-role-mapping";

async function actorOf(slug: string) {
  const { user, workspace } = await requireWorkspaceAdmin(slug, {
    may: "change roles",
    needsEnterprise: true,
  });

  return {
    workspaceId: workspace.id,
    actorUserId: user.id,
    ip: clientIp(await headers()),
  };
}

function refresh(slug: string) {
  revalidatePath(`/w/${slug}/settings/provisioning`);
  revalidatePath(`/w/${slug}/settings/members`);
}

export async function createRoleMappingAction(
  slug: string,
  input: RoleMappingInput,
) {
  return runSettingsAction(async () => {
    const actor = await actorOf(slug);
    const result = await createRoleMapping(getDb(), {
      ...actor,
      ...roleMappingSchema.parse(input),
    });
    refresh(slug);

    return result;
  });
}

export async function updateRoleMappingAction(
  slug: string,
  input: RoleMappingInput,
) {
  return runSettingsAction(async () => {
    const actor = await actorOf(slug);
    const result = await updateRoleMapping(getDb(), {
      ...actor,
      ...roleMappingSchema.parse(input),
    });
    refresh(slug);

    return result;
  });
}

export async function deleteRoleMappingAction(
  slug: string,
  input: RoleMappingGroupInput,
) {
  return runSettingsAction(async () => {
    const actor = await actorOf(slug);
    const result = await deleteRoleMapping(getDb(), {
      ...actor,
      ...roleMappingGroupSchema.parse(input),
    });
    refresh(slug);

    return result;
  });
}
