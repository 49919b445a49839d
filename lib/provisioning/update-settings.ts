import type { Database } from "@/db/client";
import { insertAuditEvent } from "@/db/queries/audit";
import {
  getProvisioningSettings,
  type ProvisioningSettingsChange,
  saveProvisioningSettings,
} from "@/db/queries/provisioning-settings";

/** Saves provisioning settings and audits each field that changed. */
export async function updateProvisioningSettings(
  db: Database,
  input: {
    workspaceId: string;
    change: ProvisioningSettingsChange;
    actorUserId: string | null;
    ip?: string | null;
  },
) {
  await db.transaction(async (tx) => {
    const before = await getProvisioningSettings(tx, input.workspaceId);
    await saveProvisioningSettings(tx, input.workspaceId, input.change);

    const audit = (action: string, details: Record<string, unknown>) =>
      insertAuditEvent(tx, {
        workspaceId: input.workspaceId,
        action,
        actorUserId: input.actorUserId,
        targetType: "provisioning_settings",
        targetId: input.workspaceId,
        ip: input.ip,
        details,
      });
    const { enabled, role, reactivationPolicy } = input.change;
    if (enabled !== undefined && enabled !== before.enabled) {
      await audit(
        enabled ? "provisioning.enabled" : "provisioning.disabled",
        {},
      );
    }
    if (role !== undefined && role !== before.role) {
      await audit("provisioning.role_changed", { from: before.role, to: role });
    }
    if (
      reactivationPolicy !== undefined &&
      reactivationPolicy !== before.reactivationPolicy
    ) {
      await audit("provisioning.reactivation_policy_changed", {
        from: before.reactivationPolicy,
        to: reactivationPolicy,
      });
    }
  });
}
