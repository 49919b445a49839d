import { eq } from "drizzle-orm";

import type { DbOrTx } from "../client";
import { provisioningSettings } from "../schema";

export type ProvisioningSettings = typeof provisioningSettings.$inferSelect;
export type ProvisioningSettingsChange = Partial<
  Pick<ProvisioningSettings, "enabled" | "role" | "reactivationPolicy">
>;

/** What a workspace that never saved its settings gets. */
export const PROVISIONING_DEFAULTS = {
  enabled: false,
  role: "reviewer",
  reactivationPolicy: "restore_previous_role",
} as const;

export async function getProvisioningSettings(db: DbOrTx, workspaceId: string) {
  const [row] = await db
    .select()
    .from(provisioningSettings)
    .where(eq(provisioningSettings.workspaceId, workspaceId));

  return (
    row ?? { workspaceId, ...PROVISIONING_DEFAULTS, updatedAt: new Date(0) }
  );
}

export async function saveProvisioningSettings(
  db: DbOrTx,
  workspaceId: string,
  change: ProvisioningSettingsChange,
) {
  await db
    .insert(provisioningSettings)
    .values({ workspaceId, ...PROVISIONING_DEFAULTS, ...change })
    .onConflictDoUpdate({
      target: provisioningSettings.workspaceId,
      set: { ...change, updatedAt: new Date() },
    });
}
