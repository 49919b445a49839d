"use server";

import { headers } from "next/headers";

import { getDb } from "@/db";
import { runSettingsAction } from "@/lib/auth/run-settings-action";
import { requireWorkspaceAdmin } from "@/lib/auth/require-session";
import { clientIp, publicOrigin } from "@/lib/http/public-origin";
import { checkConnection } from "@/lib/provisioning/check-connection";

/** Runs the rolled-back SCIM lifecycle check for an admin of an Enterprise workspace. */
export async function checkConnectionAction(slug: string) {
  return runSettingsAction(async () => {
    const { workspace } = await requireWorkspaceAdmin(slug, {
      needsEnterprise: true,
    });

    const requestHeaders = await headers();

    return checkConnection(getDb(), {
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      baseUrl: `${publicOrigin(requestHeaders)}/api/scim/v2`,
      ip: clientIp(requestHeaders),
    });
  }, "The check could not run. Please try again.");
}
