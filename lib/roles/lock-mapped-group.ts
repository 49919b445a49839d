import type { Transaction } from "@/db/client";
import { findScimGroup, listGroupMemberIds } from "@/db/queries/scim-groups";
import { AppError } from "@/lib/errors";

/**
 * Locks the group row the way SCIM writes to the group do, so a mapping
 * change and a membership change of one group run one after the other and
 * the later one sees the earlier one's members. Returns the group and its
 * members, read under that lock.
 */
export async function lockMappedGroup(
  tx: Transaction,
  workspaceId: string,
  groupId: string,
) {
  const group = await findScimGroup(tx, workspaceId, groupId, {
    forUpdate: true,
  });
  if (!group) throw new AppError("not_found", "That group no longer exists.");
  const memberIds = await listGroupMemberIds(tx, workspaceId, groupId);

  return { group, memberIds };
}
