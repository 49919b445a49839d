import { eq, sql } from "drizzle-orm";

import type { DbOrTx } from "../client";
import { runStatement } from "../statement";
import { users } from "../schema";

export async function findUserByEmail(db: DbOrTx, email: string) {
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      passwordHash: users.passwordHash,
    })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);

  return user;
}

export async function findUserById(db: DbOrTx, id: string) {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, id));

  return user;
}

/**
 * An account, the personal workspace it owns and its owner membership, in
 * one statement: the foreign keys are checked at its end, once all three
 * rows exist. The caller chooses the ids.
 */
export async function insertUserWithPersonalWorkspace(
  db: DbOrTx,
  values: {
    userId: string;
    email: string;
    name: string;
    passwordHash: string | null;
    workspaceId: string;
    workspaceName: string;
    workspaceSlug: string;
  },
) {
  await runStatement(db, INSERT_USER_WITH_PERSONAL_WORKSPACE, [
    values.userId,
    values.email,
    values.name,
    values.passwordHash,
    values.workspaceId,
    values.workspaceName,
    values.workspaceSlug,
  ]);
}

const INSERT_USER_WITH_PERSONAL_WORKSPACE = `
  with new_user as (
    insert into users (id, email, name, password_hash)
    values ($1, $2, $3, $4)
  ), personal_workspace as (
    insert into workspaces (id, name, slug, plan, personal, owner_id)
    values ($5, $6, $7, 'free', true, $1)
  )
  insert into workspace_members (workspace_id, user_id, role, source)
  values ($5, $1, 'owner', 'manual')`;

export async function setPasswordHash(
  db: DbOrTx,
  userId: string,
  passwordHash: string,
) {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function hasPassword(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ isSet: sql<boolean>`${users.passwordHash} is not null` })
    .from(users)
    .where(eq(users.id, userId));

  return row?.isSet ?? false;
}
