import type { DbOrTx } from "@/db/client";
import {
  findMembership,
  insertMembership,
  markMembershipScimManaged,
} from "@/db/queries/members";
import { getProvisioningSettings } from "@/db/queries/provisioning-settings";
import { findScimUserOfAccount, insertScimUser } from "@/db/queries/scim-users";
import { findUserByEmail } from "@/db/queries/users";
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

  const { row, outboxId } = await mapUniqueViolation(() =>
    ctx.db.transaction(async (tx) => {
      const existing = await findUserByEmail(tx, email);
      const isNewAccount = !existing;
      const account =
        existing ??
        (await insertAccount(tx, {
          email,
          name: nameOf(document) ?? email,
          passwordHash: null,
        }));
      const provisioned = await findScimUserOfAccount(
        tx,
        ctx.workspaceId,
        account.id,
      );
      if (provisioned) {
        throw conflict(
          provisioned.userName.toLowerCase() === columns.userName.toLowerCase()
            ? "A user with this userName already exists in this workspace."
            : "This person is already provisioned in this workspace under another userName.",
        );
      }

      let outboxId: string | null = null;
      const membership = await findMembership(tx, ctx.workspaceId, account.id);
      if (membership) {
        await markMembershipScimManaged(tx, ctx.workspaceId, account.id);
        await audit(tx, ctx, "member.adopted_by_scim", account.id, {
          role: membership.role,
        });
      } else if (columns.active) {
        const settings = await getProvisioningSettings(tx, ctx.workspaceId);
        await insertMembership(tx, {
          workspaceId: ctx.workspaceId,
          userId: account.id,
          role: settings.role,
          source: "scim",
        });
        outboxId = await queueInvitation(tx, {
          workspaceId: ctx.workspaceId,
          userId: account.id,
          needsPassword: !existing?.passwordHash,
          origin: new URL(ctx.baseUrl).origin,
        });
      }
      const created = await insertScimUser(tx, {
        ...columns,
        workspaceId: ctx.workspaceId,
        userId: account.id,
        deactivatedAt: columns.active ? null : new Date(),
      });
      await audit(tx, ctx, "scim.user_created", account.id, {
        scimUserId: created.id,
        isNewAccount,
      });

      return { row: created, outboxId };
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
