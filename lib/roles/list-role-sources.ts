import type { DbOrTx } from "@/db/client";
import { listMappedGroups } from "@/db/queries/group-role-mappings";

import { type MappedGroup, pickRoleSource } from "./role-order";

/**
 * The mapped group that gives each SCIM-managed member of the workspace their
 * role, by account id; computed on read (decision 0008), absent for people
 * in no mapped group.
 */
export async function listRoleSources(db: DbOrTx, workspaceId: string) {
  const groupsOf = new Map<string, MappedGroup[]>();
  for (const { userId, ...group } of await listMappedGroups(db, workspaceId)) {
    const list = groupsOf.get(userId) ?? [];
    list.push(group);
    groupsOf.set(userId, list);
  }
  const sources = new Map<string, MappedGroup>();
  for (const [userId, groups] of groupsOf) {
    const source = pickRoleSource(groups);
    if (source) sources.set(userId, source);
  }

  return sources;
}
