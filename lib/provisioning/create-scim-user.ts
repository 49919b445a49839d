import { randomUUID } from "node:crypto";

import type { DbOrTx } from "@/db/client";
import { pipelineToEnd } from "@/db/pipeline";
import {
  insertMembership,
  markMembershipScimManaged,
} from "@/db/queries/members";
import { findProvisioningTarget } from "@/db/queries/provisioning-target";
import { insertScimUser } from "@/db/queries/scim-users";
import { notifyEmailQueued } from "@/lib/email/outbox-worker";
import { queueInvitation } from "@/lib/invitations/queue-invitation";
import { badRequest, conflict } from "@/lib/scim/errors";
import {
  primaryEmailOf,
  toUserColumns,
  toUserResource,
} from "@/lib/scim/user-document";
import { parseUserBody } from "@/lib/scim/user-input";
import { insertAccount } from "@/lib/workspaces/insert-account";

import { mapUniqueViolation } from "./map-unique-violation";
import { auditScimChange } from "./audit-scim-change";
import { removeMembershipUnlessLastOwner } from "./membership-effects";
import type { ScimContext } from "./scim-context";

/**
 * POST /Users (DESIGN.md, create): find or create the account by email, add
 * or adopt the membership, queue the invitation and keep the IdP's view of the
 * person, all in one transaction.
 */
export async function createScimUser(ctx: ScimContext, body: unknown) {
  const document = parseUserBody(body);
  const columns = toUserColumns({
    ...document,
    active: document.active ?? true,
  });
  const email = primaryEmailOf(document);
  if (!email) {
    throw badRequest(
      "invalidValue",
      "A user needs an email address: send emails, or a userName that is an email address.",
    );
  }
  const origin = new URL(ctx.baseUrl).origin;

  const { row, outboxId } = await mapUniqueViolation(() =>
    ctx.db.transaction(async (tx) => {
      const target = await findProvisioningTarget(tx, ctx.workspaceId, email);
      if (target.provisioned) {
        throw conflict(
          target.provisioned.userName.toLowerCase() ===
            columns.userName.toLowerCase()
            ? "A user with this userName already exists in this workspace."
            : "This person is already provisioned in this workspace under another userName.",
        );
      }

      // A member created inactive is adopted and deactivated at once: the
      // IdP says they have no access here, and a later `active: false`
      // would change nothing. The last owner is refused, as always.
      const adoptedInactive =
        target.membershipRole && !columns.active ? target.account : undefined;
      const roleBeforeDeactivation = adoptedInactive
        ? await removeMembershipUnlessLastOwner(tx, ctx, adoptedInactive.id)
        : null;

      // Every write below is sent at once, in this order, with COMMIT, and
      // awaited together: one round trip instead of one per row
      // (db/pipeline.ts).
      const writes: Promise<unknown>[] = [];
      const account = target.account
        ? { id: target.account.id, isNew: false }
        : { id: randomUUID(), isNew: true };
      if (account.isNew) {
        writes.push(
          insertAccount(tx, {
            id: account.id,
            email,
            name: nameOf(document) ?? email,
            passwordHash: null,
          }),
        );
      }
      let queued: Promise<string> | null = null;
      if (adoptedInactive) {
        writes.push(
          audit(tx, ctx, "member.adopted_by_scim", account.id, {
            role: target.membershipRole,
          }),
        );
      } else if (target.membershipRole) {
        writes.push(
          markMembershipScimManaged(tx, ctx.workspaceId, account.id),
          audit(tx, ctx, "member.adopted_by_scim", account.id, {
            role: target.membershipRole,
          }),
        );
      } else if (columns.active) {
        writes.push(
          insertMembership(tx, {
            workspaceId: ctx.workspaceId,
            userId: account.id,
            role: target.provisioningRole,
            source: "scim",
          }),
        );
        queued = queueInvitation(tx, {
          workspaceId: ctx.workspaceId,
          userId: account.id,
          needsPassword: !target.account?.hasPassword,
          origin,
        });
        writes.push(queued);
      }
      const scimUserId = randomUUID();
      const created = insertScimUser(tx, {
        ...columns,
        id: scimUserId,
        workspaceId: ctx.workspaceId,
        userId: account.id,
        deactivatedAt: columns.active ? null : new Date(),
        roleBeforeDeactivation,
      });
      writes.push(
        created,
        audit(tx, ctx, "scim.user_created", account.id, {
          scimUserId,
          isNewAccount: account.isNew,
        }),
      );
      await pipelineToEnd(tx, writes);

      return { row: await created, outboxId: queued && (await queued) };
    }),
  );
  if (outboxId) notifyEmailQueued(outboxId, ctx.log);
  ctx.log.info(
    { operation: "create", resourceType: "User", resourceId: row.id },
    "scim user created",
  );

  return toUserResource({ ...row, groups: [] }, ctx.baseUrl);
}

function nameOf(document: Record<string, unknown>): string | undefined {
  const name = document.name as
    { formatted?: string; givenName?: string; familyName?: string } | undefined;
  const joined = [name?.givenName, name?.familyName].filter(Boolean).join(" ");

  return (
    (document.displayName as string | undefined) ??
    name?.formatted ??
    (joined || undefined)
  );
}

function audit(
  tx: DbOrTx,
  ctx: ScimContext,
  action: string,
  userId: string,
  details: Record<string, unknown>,
) {
  return auditScimChange(tx, ctx, {
    action,
    targetType: "user",
    targetId: userId,
    details,
  });
}
