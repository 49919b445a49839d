import type { Database } from "@/db/client";
import { insertMembership } from "@/db/queries/members";
import { insertUser } from "@/db/queries/users";
import { insertWorkspace } from "@/db/queries/workspaces";
import { hashPassword } from "@/lib/auth/passwords";
import { AppError, isUniqueViolation } from "@/lib/errors";

import { personalSlug } from "./slugs";

export interface CreateUserInput {
  email: string;
  name: string;
  password: string | null;
}

/** Creates an account with its personal workspace, which it owns. */
export async function createUser(db: Database, input: CreateUserInput) {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await db.transaction(async (tx) => {
      const user = await insertUser(tx, { email: input.email, name: input.name, passwordHash });
      const workspace = await insertWorkspace(tx, {
        name: `${input.name || input.email}'s workspace`,
        slug: personalSlug(user.id),
        plan: "free",
        personal: true,
        ownerId: user.id,
      });
      await insertMembership(tx, { workspaceId: workspace.id, userId: user.id, role: "owner", source: "manual" });

      return { ...user, personalWorkspace: workspace };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", `An account with the email ${input.email} already exists.`);
    }
    throw error;
  }
}
