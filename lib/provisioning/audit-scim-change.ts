import type { DbOrTx } from "@/db/client";
import { type AuditEvent, insertAuditEvent } from "@/db/queries/audit";

import type { ScimContext } from "./scim-context";

/** Audits a SCIM write as the calling token, from the caller's address. */
export function auditScimChange(
  tx: DbOrTx,
  ctx: ScimContext,
  event: Pick<AuditEvent, "action" | "targetType" | "targetId" | "details">,
) {
  return insertAuditEvent(tx, {
    ...event,
    workspaceId: ctx.workspaceId,
    actorTokenId: ctx.tokenId,
    ip: ctx.ip,
  });
}
