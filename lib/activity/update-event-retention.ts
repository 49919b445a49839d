import type { Database } from "@/db/client";
import { insertAuditEvent } from "@/db/queries/audit";
import {
  getEventRetentionDays,
  saveEventRetentionDays,
} from "@/db/queries/provisioning-event-retention";

/** Saves how long provisioning events are kept, and audits the change. */
export async function updateEventRetention(
  db: Database,
  input: {
    workspaceId: string;
    days: number;
    actorUserId: string;
    ip?: string | null;
  },
) {
  await db.transaction(async (tx) => {
    const before = await getEventRetentionDays(tx, input.workspaceId);
    if (before === input.days) return;

    await saveEventRetentionDays(tx, input.workspaceId, input.days);
    await insertAuditEvent(tx, {
      workspaceId: input.workspaceId,
      action: "provisioning.event_retention_changed",
      actorUserId: input.actorUserId,
      targetType: "provisioning_settings",
      targetId: input.workspaceId,
      ip: input.ip,
      details: { from: before, to: input.days },
    });
  });
}
