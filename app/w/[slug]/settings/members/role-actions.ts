"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";

import { getDb } from "@/db";
import { runSettingsAction } from "@/lib/auth/run-settings-action";
import { requireWorkspaceAdmin } from "@/lib/auth/require-session";
import { clientIp } from "@/lib/http/public-origin";
import { changeMemberRole } from "@/lib/roles/change-member-role";
import {
  type MemberRoleInput,
  memberRoleSchema,
} from "@/lib/roles/role-mapping-schemas";

export async function changeMemberRoleAction(
  slug: string,
  input: MemberRoleInput,
) {
  return runSettingsAction(async () => {
    const { user, workspace, role } = await requireWorkspaceAdmin(slug, {
      may: "change roles",
    });
    const parsed = memberRoleSchema.parse(input);
    const result = await changeMemberRole(getDb(), {
      workspaceId: workspace.id,
      actorUserId: user.id,
      actorRole: role,
      ip: clientIp(await headers()),
      ...parsed,
    });
    revalidatePath(`/w/${slug}/settings/members`);

    return result;
  });
}
