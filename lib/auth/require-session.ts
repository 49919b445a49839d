import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";

import { getDb } from "@/db";
import { findMembership } from "@/db/queries/members";
import { findWorkspaceBySlug } from "@/db/queries/workspaces";
import { AppError } from "@/lib/errors";

import { authOptions } from "./auth-options";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const user = session?.user as
    { id?: string; email?: string | null; name?: string | null } | undefined;
  if (!user?.id) return null;

  return { id: user.id, email: user.email ?? "", name: user.name ?? "" };
}

/** Pages: the signed-in user, or a redirect to sign-in that comes back here. */
export async function requireSessionUser(
  returnTo: string,
): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);

  return user;
}

/** The workspace and the caller's role, or a 404-like refusal for non-members. */
export async function requireWorkspaceMember(user: SessionUser, slug: string) {
  const db = getDb();
  const workspace = await findWorkspaceBySlug(db, slug);
  const membership = workspace
    ? await findMembership(db, workspace.id, user.id)
    : undefined;
  if (!workspace || !membership)
    throw new AppError("not_found", "Workspace not found.");

  return { workspace, role: membership.role };
}

export const isWorkspaceAdminRole = (role: string) =>
  role === "owner" || role === "admin";

/**
 * Server actions: re-checks on the server that the caller administers the
 * workspace (`may` names what is refused otherwise) and, with
 * `needsEnterprise`, that the workspace may use User Provisioning.
 */
export async function requireWorkspaceAdmin(
  slug: string,
  options: { may?: string; needsEnterprise?: boolean } = {},
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
      `Only owners and admins of this workspace can ${options.may ?? "change provisioning"}.`,
    );
  }
  if (options.needsEnterprise && workspace.plan !== "enterprise") {
    throw new AppError(
      "forbidden",
      "User provisioning needs the Enterprise plan.",
    );
  }

  return { user, workspace, role };
}
