import type { Transaction } from "@/db/client";
import { findRoleMapping } from "@/db/queries/group-role-mappings";
import { lockScimUsers } from "@/db/queries/managed-members";
import {
  deleteGroupMembers,
  findMissingScimUsers,
  findScimGroup,
  insertGroupMembers,
  listGroupMemberIds,
  listMembersOfGroups,
  updateScimGroup,
} from "@/db/queries/scim-groups";
import { GROUP_RESOURCE } from "@/lib/scim/attributes";
import { assertIfMatch } from "@/lib/scim/etag";
import { notFound } from "@/lib/scim/errors";
import {
  diffMemberIds,
  isMembersRequested,
  type Projection,
  toGroupDocument,
  toGroupResponse,
  toGroupState,
  unknownMembers,
} from "@/lib/scim/group-document";
import { applyPatch } from "@/lib/scim/patch/apply-patch";
import { coerceToSchema } from "@/lib/scim/patch/normalize-value";
import {
  recomputeMemberRoles,
  type RoleChange,
} from "@/lib/roles/recompute-member-roles";

import { mapUniqueViolation } from "./map-unique-violation";
import { noteRoleChanges, scimRoleAudit } from "./note-role-changes";
import { auditScimChange } from "./audit-scim-change";
import { isUuid, type ScimContext } from "./scim-context";

type Json = Record<string, unknown>;
type Change = (current: Json) => Json;
type WriteOptions = { ifMatch?: string | null; projection?: Projection };

/** PUT /Groups/{id} (RFC 7644 §3.5.1): displayName, externalId and members are replaced; absent means cleared. */
export function replaceScimGroup(
  ctx: ScimContext,
  id: string,
  body: unknown,
  options: WriteOptions = {},
) {
  const replacement = coerceToSchema(body, GROUP_RESOURCE);

  return updateWith(ctx, id, options, "replace", () => replacement);
}

/** PATCH /Groups/{id}: every operation applies or none (RFC 7644 §3.5.2). */
export function patchScimGroup(
  ctx: ScimContext,
  id: string,
  body: unknown,
  options: WriteOptions = {},
) {
  return updateWith(
    ctx,
    id,
    options,
    "patch",
    (current) => applyPatch(current, body, GROUP_RESOURCE).document,
  );
}

async function updateWith(
  ctx: ScimContext,
  id: string,
  options: WriteOptions,
  kind: string,
  change: Change,
) {
  if (!isUuid(id)) throw notFound();
  const projection = options.projection ?? {};

  const { response, changes, roleChanges, groupName } =
    await mapUniqueViolation(() =>
      // The group row lock serialises writers of one group, so concurrent
      // member adds each see the others' rows and none is lost.
      ctx.db.transaction(async (tx) => {
        const current = await findScimGroup(tx, ctx.workspaceId, id, {
          forUpdate: true,
        });
        if (!current) throw notFound();
        assertIfMatch(options.ifMatch, current.version);

        const memberIds = await listGroupMemberIds(tx, ctx.workspaceId, id);
        const next = toGroupState(change(toGroupDocument(current, memberIds)));
        const { added, removed } = diffMemberIds(memberIds, next.memberIds);
        const isRenamed =
          next.displayName !== current.displayName ||
          next.externalId !== current.externalId;
        let row = current;
        let roleChanges: RoleChange[] = [];
        // RFC 7644 §3.5.2: a request that changes nothing keeps the version.
        if (isRenamed || added.length > 0 || removed.length > 0) {
          const missing = await findMissingScimUsers(
            tx,
            ctx.workspaceId,
            added,
          );
          if (missing.length > 0) throw unknownMembers(missing);

          roleChanges = await writeMembers(tx, ctx, id, { added, removed });
          row = await updateScimGroup(tx, ctx.workspaceId, id, {
            displayName: next.displayName,
            externalId: next.externalId,
          });
          await auditScimChange(tx, ctx, {
            action: "scim.group_updated",
            targetType: "group",
            targetId: id,
            details: {
              kind,
              isRenamed,
              membersAdded: added.length,
              membersRemoved: removed.length,
            },
          });
        }
        const members = isMembersRequested(projection)
          ? ((await listMembersOfGroups(tx, ctx.workspaceId, [id])).get(id) ??
            [])
          : undefined;

        return {
          response: toGroupResponse(row, members, ctx.baseUrl, projection),
          changes: row !== current ? { added, removed } : null,
          roleChanges,
          groupName: row.displayName,
        };
      }),
    );
  if (changes) {
    const counts = {
      membersAdded: changes.added.length,
      membersRemoved: changes.removed.length,
    };
    ctx.log.info(
      {
        operation: "update",
        resourceType: "Group",
        resourceId: id,
        kind,
        ...counts,
      },
      "scim group updated",
    );
  }
  noteRoleChanges(ctx, roleChanges, { id, displayName: groupName });

  return response;
}

/**
 * Writes the member difference. Members joining or leaving a mapped group
 * change role (issue 6); their rows are locked before the membership rows
 * are written, in the order every recomputation uses, so no deadlock can
 * form with a concurrent DELETE /Users of one of them.
 */
async function writeMembers(
  tx: Transaction,
  ctx: ScimContext,
  groupId: string,
  { added, removed }: { added: string[]; removed: string[] },
) {
  const isMapped = Boolean(await findRoleMapping(tx, ctx.workspaceId, groupId));
  const affected = isMapped ? [...added, ...removed] : [];
  await lockScimUsers(tx, ctx.workspaceId, affected);
  await insertGroupMembers(tx, ctx.workspaceId, groupId, added);
  await deleteGroupMembers(tx, ctx.workspaceId, groupId, removed);

  return recomputeMemberRoles(tx, {
    workspaceId: ctx.workspaceId,
    scimUserIds: affected,
    audit: scimRoleAudit(tx, ctx),
  });
}
