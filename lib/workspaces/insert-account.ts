import type { DbOrTx } from "@/db/client";
import { insertMembership } from "@/db/queries/members";
import { insertUser } from "@/db/queries/users";
import { insertWorkspace } from "@/db/queries/workspaces";

import { personalSlug } from "./slugs";

/** Every account comes with a personal workspace it owns; call inside a transaction. */
export async function insertAccount(
  tx: DbOrTx,
  values: { email: string; name: string; passwordHash: string | null },
) {
  const user = await insertUser(tx, values);
  const workspace = await insertWorkspace(tx, {
    name: `${values.name || values.email}'s workspace`,
    slug: personalSlug(user.id),
    plan: "free",
    personal: true,
    ownerId: user.id,
  });
  await insertMembership(tx, {
    workspaceId: workspace.id,
    userId: user.id,
    role: "owner",
    source: "manual",
  });

  return { ...user, personalWorkspace: workspace };
}
