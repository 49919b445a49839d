"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";

import { getDb } from "@/db";
import { requireWorkspaceAdmin } from "@/lib/auth/require-session";
import { AppError, isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/public-origin";
import { safeError } from "@/lib/log-safe-error";
import { logger } from "@/lib/logger";
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

export type ActionResult<T = undefined> =
  { ok: true; data: T } | { ok: false; error: string };

async function run<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: error.message };
    if (error instanceof z.ZodError)
      return { ok: false, error: error.issues[0].message };
    logger.error({ err: safeError(error) }, "settings action failed");

    return { ok: false, error: "Something went wrong. Please try again." };
  }
}

async function requestIp() {
  return clientIp(await headers());
}

export async function createTokenAction(slug: string, input: CreateTokenInput) {
  return run(async () => {
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
  return run(async () => {
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
  return run(async () => {
    const { user, workspace } = await requireWorkspaceAdmin(slug);
    if (workspace.plan !== "enterprise") {
      throw new AppError(
        "forbidden",
        "User provisioning needs the Enterprise plan.",
      );
    }
    await updateProvisioningSettings(getDb(), {
      workspaceId: workspace.id,
      change: settingsSchema.parse(input),
      actorUserId: user.id,
      ip: await requestIp(),
    });
    revalidatePath(`/w/${slug}/settings/provisioning`);
  });
}
