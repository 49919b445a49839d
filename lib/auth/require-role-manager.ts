import { AppError } from "@/lib/errors";

import {
  getSessionUser,
  isWorkspaceAdminRole,
  requireWorkspaceMember,
} from "./require-session";

/**
 * Server actions that change roles: the signed-in owner or admin of the
 * workspace, re-checked on the server; with `needsEnterprise`, only on the
 * Enterprise plan (role mapping belongs to SCIM provisioning).
 */
export async function requireRoleManager(
  slug: string,
  options: { needsEnterprise?: boolean } = {},
) {
  const user = await getSessionUser();
  if (!user)
    throw new AppError(
      "unauthenticated",
      "Your session has ended. Sign in again.",
    );
  const { workspace, role } = await requireWorkspaceMember(user, slug);
  if (!isWorkspaceAdminRole(role)) {
    throw new AppError(
      "forbidden",
      "Only owners and admins of this workspace can change roles.",
    );
  }
  if (options.needsEnterprise && workspace.plan !== "enterprise") {
    throw new AppError(
      "forbidden",
      "Role mapping is part of User Provisioning, which needs the Enterprise plan.",
    );
  }

  return { user, workspace, role };
}
