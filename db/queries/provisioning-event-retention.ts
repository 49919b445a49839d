import { eq } from "drizzle-orm";

import type { DbOrTx } from "../client";
import { provisioningSettings } from "../schema";

export const DEFAULT_EVENT_RETENTION_DAYS = 180;

export async function getEventRetentionDays(
  db: DbOrTx,
  workspaceId: string,
): Promise<number> {
  const [row] = await db
    .select({ days: provisioningSettings.eventRetentionDays })
    .from(provisioningSettings)
    .where(eq(provisioningSettings.workspaceId, workspaceId));

  return row?.days ?? DEFAULT_EVENT_RETENTION_DAYS;
}

/**
 * Sets the retention and clears the pruning mark, so the next event written
 * prunes with the new period instead of waiting out the hour.
 */
export async function saveEventRetentionDays(
  db: DbOrTx,
  workspaceId: string,
  days: number,
) {
  await db
    .insert(provisioningSettings)
    .values({ workspaceId, eventRetentionDays: days })
    .onConflictDoUpdate({
      target: provisioningSettings.workspaceId,
      set: {
        eventRetentionDays: days,
        eventsPrunedAt: null,
        updatedAt: new Date(),
      },
    });
}
