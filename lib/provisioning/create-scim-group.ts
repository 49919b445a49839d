import {
  findMissingScimUsers,
  insertGroupMembers,
  insertScimGroup,
  listMembersOfGroups,
} from "@/db/queries/scim-groups";
import { GROUP_RESOURCE } from "@/lib/scim/attributes";
import {
  isMembersRequested,
  type Projection,
  toGroupResponse,
  toGroupState,
  unknownMembers,
} from "@/lib/scim/group-document";
import { coerceToSchema } from "@/lib/scim/patch/normalize-value";

import { mapUniqueViolation } from "./map-unique-violation";
import { auditScimChange } from "./audit-scim-change";
import type { ScimContext } from "./scim-context";

/**
 * POST /Groups (RFC 7644 §3.3): the group and its members in one
 * transaction; a member that is no user of this workspace fails the whole
 * request, so nothing is created half.
 */
export async function createScimGroup(
  ctx: ScimContext,
  body: unknown,
  projection: Projection = {},
) {
  const state = toGroupState(coerceToSchema(body, GROUP_RESOURCE));

  const response = await mapUniqueViolation(() =>
    ctx.db.transaction(async (tx) => {
      const missing = await findMissingScimUsers(
        tx,
        ctx.workspaceId,
        state.memberIds,
      );
      if (missing.length > 0) throw unknownMembers(missing);

      const row = await insertScimGroup(tx, {
        workspaceId: ctx.workspaceId,
        displayName: state.displayName,
        externalId: state.externalId,
      });
      await insertGroupMembers(tx, ctx.workspaceId, row.id, state.memberIds);
      await auditScimChange(tx, ctx, {
        action: "scim.group_created",
        targetType: "group",
        targetId: row.id,
        details: { members: state.memberIds.length },
      });
      const members = isMembersRequested(projection)
        ? ((await listMembersOfGroups(tx, ctx.workspaceId, [row.id])).get(
            row.id,
          ) ?? [])
        : undefined;

      return toGroupResponse(row, members, ctx.baseUrl, projection);
    }),
  );
  ctx.log.info(
    {
      operation: "create",
      resourceType: "Group",
      resourceId: response.resource.id,
    },
    "scim group created",
  );

  return response;
}
