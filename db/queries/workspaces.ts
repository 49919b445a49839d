import { eq } from "drizzle-orm";

import type { DbOrTx } from "../client";
import { type Plan, workspaces } from "../schema";

const workspaceColumns = {
  id: workspaces.id,
  name: workspaces.name,
  slug: workspaces.slug,
  plan: workspaces.plan,
  personal: workspaces.personal,
};

export async function findWorkspaceBySlug(db: DbOrTx, slug: string) {
  const [workspace] = await db
    .select(workspaceColumns)
    .from(workspaces)
    .where(eq(workspaces.slug, slug));

  return workspace;
}

export async function findWorkspaceById(db: DbOrTx, id: string) {
  const [workspace] = await db
    .select(workspaceColumns)
    .from(workspaces)
    .where(eq(workspaces.id, id));

  return workspace;
}

export async function insertWorkspace(
  db: DbOrTx,
  values: {
    name: string;
    slug: string;
    plan: Plan;
    personal: boolean;
    ownerId?: string;
  },
) {
  const [workspace] = await db
    .insert(workspaces)
    .values(values)
    .returning(workspaceColumns);

  return workspace;
}

/** Serialises writes that check a per-workspace limit (tokens, last owner). */
export async function lockWorkspace(db: DbOrTx, workspaceId: string) {
  await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .for("update");
}
