import { z } from "zod";

import { isAppError } from "@/lib/errors";
import { safeError } from "@/lib/log-safe-error";
import { logger } from "@/lib/logger";

export type ActionResult<T = undefined> =
  { ok: true; data: T } | { ok: false; error: string };

/**
 * Runs a settings server action: app errors and invalid input become the
 * form's message, anything else is logged and shown as a generic failure.
 */
export async function runSettingsAction<T>(
  work: () => Promise<T>,
  failure = "Something went wrong. Please try again.",
): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: error.message };
    if (error instanceof z.ZodError)
      return { ok: false, error: error.issues[0].message };
    logger.error({ err: safeError(error) }, "settings action failed");

    return { ok: false, error: failure };
  }
}
