import type { Database } from "@/db/client";
import { insertMembership } from "@/db/queries/members";
import { findUserByEmail } from "@/db/queries/users";
import { findWorkspaceBySlug } from "@/db/queries/workspaces";
import type { WorkspaceRole } from "@/db/schema";
import { AppError, isUniqueViolation } from "@/lib/errors";

export async function addMember(
  db: Database,
  input: {
    workspaceSlug: string;
    email: string;
    role: Exclude<WorkspaceRole, "owner">;
  },
) {
  const workspace = await findWorkspaceBySlug(db, input.workspaceSlug);
  if (!workspace)
    throw new AppError(
      "not_found",
      `No workspace has the slug ${input.workspaceSlug}.`,
    );
  const user = await findUserByEmail(db, input.email);
  if (!user)
    throw new AppError("not_found", `No account has the email ${input.email}.`);

  try {
    await insertMembership(db, {
      workspaceId: workspace.id,
      userId: user.id,
      role: input.role,
      source: "manual",
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        "conflict",
        `${input.email} is already a member of ${input.workspaceSlug}.`,
      );
    }
    throw error;
  }

  return { workspaceId: workspace.id, userId: user.id, role: input.role };
}
