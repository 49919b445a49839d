"use server";

import { headers } from "next/headers";

import { getDb } from "@/db";
import { requireWorkspaceAdmin } from "@/lib/auth/require-session";
import { AppError, isAppError } from "@/lib/errors";
import { clientIp, publicOrigin } from "@/lib/http/public-origin";
import { safeError } from "@/lib/log-safe-error";
import { logger } from "@/lib/logger";
import {
  checkConnection,
  type ConnectionCheckResult,
} from "@/lib/provisioning/check-connection";

import type { ActionResult } from "./actions";

/** Runs the rolled-back SCIM lifecycle check for an admin of an Enterprise workspace. */
export async function checkConnectionAction(
  slug: string,
): Promise<ActionResult<ConnectionCheckResult>> {
  try {
    const { workspace } = await requireWorkspaceAdmin(slug);
    if (workspace.plan !== "enterprise") {
      throw new AppError(
        "forbidden",
        "User provisioning needs the Enterprise plan.",
      );
    }

    const requestHeaders = await headers();
    const result = await checkConnection(getDb(), {
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      baseUrl: `${publicOrigin(requestHeaders)}/api/scim/v2`,
      ip: clientIp(requestHeaders),
    });

    return { ok: true, data: result };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: error.message };
    logger.error({ err: safeError(error) }, "connection check failed");

    return {
      ok: false,
      error: "The check could not run. Please try again.",
    };
  }
}
