import type { DbOrTx } from "../client";
import { runStatement } from "../statement";

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

// In SQL rather than Drizzle's builder: every SCIM write audits, and
// building the insert cost more than running it.
export async function insertAuditEvent(db: DbOrTx, event: AuditEvent) {
  const details =
    event.details === undefined ? null : JSON.stringify(event.details);
  await runStatement(db, INSERT_AUDIT_EVENT, [
    event.workspaceId,
    event.actorUserId ?? null,
    event.actorTokenId ?? null,
    event.action,
    event.targetType ?? null,
    event.targetId ?? null,
    event.ip ?? null,
    details,
  ]);
}

const INSERT_AUDIT_EVENT = `
  insert into audit_events (workspace_id, actor_user_id, actor_token_id,
    action, target_type, target_id, ip, details)
  values ($1, $2, $3, $4, $5, $6, $7, $8)`;
