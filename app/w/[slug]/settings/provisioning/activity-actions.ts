"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";

import { getDb } from "@/db";
import {
  type EventRetentionInput,
  eventRetentionSchema,
} from "@/lib/activity/retention-schema";
import { updateEventRetention } from "@/lib/activity/update-event-retention";
import { requireWorkspaceAdmin } from "@/lib/auth/require-session";
import { AppError, isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/public-origin";
import { safeError } from "@/lib/log-safe-error";
import { logger } from "@/lib/logger";

export type RetentionResult =
  { ok: true; days: number } | { ok: false; error: string };

/** Sets how long the Activity log keeps provisioning events. */
export async function updateEventRetentionAction(
  slug: string,
  input: EventRetentionInput,
): Promise<RetentionResult> {
  try {
    const { user, workspace } = await requireWorkspaceAdmin(slug);
    if (workspace.plan !== "enterprise") {
      throw new AppError(
        "forbidden",
        "User provisioning needs the Enterprise plan.",
      );
    }
    const { days } = eventRetentionSchema.parse(input);

    await updateEventRetention(getDb(), {
      workspaceId: workspace.id,
      days,
      actorUserId: user.id,
      ip: clientIp(await headers()),
    });
    revalidatePath(`/w/${slug}/settings/provisioning`);

    return { ok: true, days };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: error.message };
    if (error instanceof z.ZodError)
      return { ok: false, error: error.issues[0].message };
    logger.error({ err: safeError(error) }, "retention action failed");

    return { ok: false, error: "Something went wrong. Please try again." };
  }
}
