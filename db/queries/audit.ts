import type { DbOrTx } from "../client";
import { auditEvents } from "../schema";

export interface AuditEvent {
  workspaceId: string;
  action: string;
  actorUserId?: string | null;
  actorTokenId?: string | null;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export async function insertAuditEvent(db: DbOrTx, event: AuditEvent) {
  await db.insert(auditEvents).values(event);
}
