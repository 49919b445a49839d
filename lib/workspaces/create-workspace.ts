import type { Database } from "@/db/client";
import { insertMembership } from "@/db/queries/members";
import { findUserByEmail } from "@/db/queries/users";
import { insertWorkspace } from "@/db/queries/workspaces";
import type { Plan } from "@/db/schema";
import { AppError, isUniqueViolation } from "@/lib/errors";

export interface CreateWorkspaceInput {
  name: string;
  slug: string;
  plan: Plan;
  ownerEmail?: string;
}

export async function createWorkspace(
  db: Database,
  input: CreateWorkspaceInput,
) {
  try {
    return await db.transaction(async (tx) => {
      const owner = input.ownerEmail
        ? await findUserByEmail(tx, input.ownerEmail)
        : undefined;
      if (input.ownerEmail && !owner) {
        throw new AppError(
          "not_found",
          `No account has the email ${input.ownerEmail}; create it first with \`user create\`.`,
        );
      }
      const workspace = await insertWorkspace(tx, {
        name: input.name,
        slug: input.slug,
        plan: input.plan,
        personal: false,
      });
      if (owner) {
        await insertMembership(tx, {
          workspaceId: workspace.id,
          userId: owner.id,
          role: "owner",
          source: "manual",
        });
      }

      return workspace;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        "conflict",
        `A workspace with the slug ${input.slug} already exists.`,
      );
    }
    throw error;
  }
}
