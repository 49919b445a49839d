import { eq } from "drizzle-orm";

import type { DbOrTx } from "../client";
import { provisioningSettings } from "../schema";

export type ProvisioningSettings = typeof provisioningSettings.$inferSelect;
export type ProvisioningSettingsChange = Partial<
  Pick<ProvisioningSettings, "enabled" | "role" | "reactivationPolicy">
>;

const DEFAULTS = {
  enabled: false,
  role: "reviewer",
  reactivationPolicy: "restore_previous_role",
} as const;

export async function getProvisioningSettings(db: DbOrTx, workspaceId: string) {
  const [row] = await db
    .select()
    .from(provisioningSettings)
    .where(eq(provisioningSettings.workspaceId, workspaceId));

  return row ?? { workspaceId, ...DEFAULTS, updatedAt: new Date(0) };
}

export async function saveProvisioningSettings(
  db: DbOrTx,
  workspaceId: string,
  change: ProvisioningSettingsChange,
) {
  await db
    .insert(provisioningSettings)
    .values({ workspaceId, ...DEFAULTS, ...change })
    .onConflictDoUpdate({
      target: provisioningSettings.workspaceId,
      set: { ...change, updatedAt: new Date() },
    });
}
