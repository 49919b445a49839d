import { pipelineToEnd } from "@/db/pipeline";
import { lockScimUser, updateScimUser } from "@/db/queries/scim-users";
import { notifyEmailQueued } from "@/lib/email/outbox-worker";
import { queueInvitationIfNoPassword } from "@/lib/invitations/queue-invitation";
import { USER_RESOURCE } from "@/lib/scim/attributes";
import { assertIfMatch } from "@/lib/scim/etag";
import { notFound } from "@/lib/scim/errors";
import { applyPatch } from "@/lib/scim/patch/apply-patch";
import { isDeepEqual } from "@/lib/scim/patch/document";
import {
  documentSize,
  toUserColumns,
  toUserDocument,
  toUserResource,
} from "@/lib/scim/user-document";
import { assertUserDocument, parseUserBody } from "@/lib/scim/user-input";

import { mapUniqueViolation } from "./map-unique-violation";
import {
  removeMembershipUnlessLastOwner,
  restoreMembership,
} from "./membership-effects";
import { auditScimChange } from "./audit-scim-change";
import { isUuid, type ScimContext } from "./scim-context";

type Json = Record<string, unknown>;
type Change = (current: Json) => Json;

/** PUT /Users/{id}: replaces the resource, keeping `active` unless sent. */
export function replaceScimUser(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch?: string | null,
) {
  const replacement = parseUserBody(body);

  return updateWith(ctx, id, ifMatch, "replace", (current) => ({
    schemas: current.schemas,
    id: current.id,
    ...replacement,
    active: replacement.active ?? current.active,
  }));
}

/** PATCH /Users/{id}: applies every operation or none (RFC 7644 §3.5.2). */
export function patchScimUser(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch?: string | null,
) {
  return updateWith(ctx, id, ifMatch, "patch", (current) => {
    const { document } = applyPatch(current, body, USER_RESOURCE);
    assertUserDocument(document);

    return document;
  });
}

async function updateWith(
  ctx: ScimContext,
  id: string,
  ifMatch: string | null | undefined,
  kind: string,
  change: Change,
) {
  if (!isUuid(id)) throw notFound();

  const { row, operation, outboxId } = await mapUniqueViolation(() =>
    ctx.db.transaction(async (tx) => {
      const current = await lockScimUser(tx, ctx.workspaceId, id);
      if (!current) throw notFound();
      assertIfMatch(ifMatch, current.version);

      const before = toUserDocument(current);
      const after = change(before);
      // RFC 7644 §3.5.2: a request that changes nothing keeps the version.
      if (isDeepEqual(before, after)) {
        return { row: current, operation: "none" as const, outboxId: null };
      }

      const columns = toUserColumns(after, documentSize(current.resource));
      const operation = operationOf(current.active, columns.active);
      let lifecycle = {};
      let outboxId: string | null = null;
      if (current.active && !columns.active) {
        const role = await removeMembershipUnlessLastOwner(
          tx,
          ctx,
          current.userId,
        );
        lifecycle = {
          roleBeforeDeactivation: role ?? current.roleBeforeDeactivation,
          deactivatedAt: new Date(),
        };
      } else if (!current.active && columns.active) {
        await restoreMembership(tx, ctx, {
          userId: current.userId,
          scimUserId: current.id,
          roleBeforeDeactivation: current.roleBeforeDeactivation,
        });
        outboxId = await queueInvitationIfNoPassword(tx, {
          workspaceId: ctx.workspaceId,
          userId: current.userId,
          origin: new URL(ctx.baseUrl).origin,
        });
        lifecycle = { deactivatedAt: null };
      }
      const [updated] = await pipelineToEnd(tx, [
        updateScimUser(tx, ctx.workspaceId, id, { ...columns, ...lifecycle }),
        auditScimChange(tx, ctx, {
          action: AUDIT_ACTIONS[operation],
          targetType: "user",
          targetId: current.userId,
          details: { scimUserId: id, kind },
        }),
      ]);

      return { row: updated, operation, outboxId };
    }),
  );
  if (outboxId) notifyEmailQueued(outboxId, ctx.log);
  if (operation !== "none") {
    ctx.log.info(
      { operation, resourceType: "User", resourceId: row.id, kind },
      "scim user changed",
    );
  }

  return {
    resource: toUserResource(row, ctx.baseUrl),
    operation: operation === "none" ? ("update" as const) : operation,
  };
}

const AUDIT_ACTIONS = {
  update: "scim.user_updated",
  deactivate: "scim.user_deactivated",
  reactivate: "scim.user_reactivated",
} as const;

function operationOf(
  wasActive: boolean,
  isActive: boolean,
): keyof typeof AUDIT_ACTIONS {
  if (wasActive && !isActive) return "deactivate";
  if (!wasActive && isActive) return "reactivate";

  return "update";
}
