"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";

import { getDb } from "@/db";
import {
  type EventRetentionInput,
  eventRetentionSchema,
} from "@/lib/activity/retention-schema";
import { updateEventRetention } from "@/lib/activity/update-event-retention";
import { runSettingsAction } from "@/lib/auth/run-settings-action";
import { requireWorkspaceAdmin } from "@/lib/auth/require-session";
import { clientIp } from "@/lib/http/public-origin";

/** Sets how long the Activity log keeps provisioning events. */
export async function updateEventRetentionAction(
  slug: string,
  input: EventRetentionInput,
) {
  return runSettingsAction(async () => {
    const { user, workspace } = await requireWorkspaceAdmin(slug, {
      needsEnterprise: true,
    });
    const { days } = eventRetentionSchema.parse(input);

    await updateEventRetention(getDb(), {
      workspaceId: workspace.id,
      days,
      actorUserId: user.id,
      ip: clientIp(await headers()),
    });
    revalidatePath(`/w/${slug}/settings/provisioning`);

    return days;
  });
}
