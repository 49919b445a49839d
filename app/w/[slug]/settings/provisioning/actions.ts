"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";

import { getDb } from "@/db";
import { runSettingsAction } from "@/lib/auth/run-settings-action";
import { requireWorkspaceAdmin } from "@/lib/auth/require-session";
import { clientIp } from "@/lib/http/public-origin";
import { updateProvisioningSettings } from "@/lib/provisioning/update-settings";
import { createScimToken } from "@/lib/tokens/create-scim-token";
import { deleteScimToken } from "@/lib/tokens/delete-scim-token";
import {
  type CreateTokenInput,
  createTokenSchema,
  type SettingsInput,
  settingsSchema,
  tokenIdSchema,
} from "@/lib/provisioning/settings-schemas";

async function requestIp() {
  return clientIp(await headers());
}

export async function createTokenAction(slug: string, input: CreateTokenInput) {
  return runSettingsAction(async () => {
    const { user, workspace } = await requireWorkspaceAdmin(slug);
    const parsed = createTokenSchema.parse(input);
    const created = await createScimToken(getDb(), {
      workspaceId: workspace.id,
      label: parsed.label || "SCIM token",
      lifetimeDays: parsed.lifetimeDays,
      actorUserId: user.id,
      ip: await requestIp(),
    });
    revalidatePath(`/w/${slug}/settings/provisioning`);

    return { token: created.token, expiresAt: created.expiresAt.toISOString() };
  });
}

export async function deleteTokenAction(slug: string, tokenId: string) {
  return runSettingsAction(async () => {
    const { user, workspace } = await requireWorkspaceAdmin(slug);
    await deleteScimToken(getDb(), {
      workspaceId: workspace.id,
      tokenId: tokenIdSchema.parse(tokenId),
      actorUserId: user.id,
      ip: await requestIp(),
    });
    revalidatePath(`/w/${slug}/settings/provisioning`);
  });
}

export async function updateSettingsAction(slug: string, input: SettingsInput) {
  return runSettingsAction(async () => {
    const { user, workspace } = await requireWorkspaceAdmin(slug, {
      needsEnterprise: true,
    });
    await updateProvisioningSettings(getDb(), {
      workspaceId: workspace.id,
      change: settingsSchema.parse(input),
      actorUserId: user.id,
      ip: await requestIp(),
    });
    revalidatePath(`/w/${slug}/settings/provisioning`);
  });
}
