import type { Transaction } from "@/db/client";
import { insertAuditEvent } from "@/db/queries/audit";

import type { RoleAudit } from "./recompute-member-roles";

export interface RoleActor {
  workspaceId: string;
  actorUserId: string;
  ip?: string | null;
}

/** Audits as the signed-in admin who changed the mapping or a role. */
export function actorRoleAudit(tx: Transaction, actor: RoleActor): RoleAudit {
  return (event) =>
    insertAuditEvent(tx, {
      ...event,
      workspaceId: actor.workspaceId,
      actorUserId: actor.actorUserId,
      ip: actor.ip,
    });
}
