"use server";

import { z } from "zod";

import { getDb } from "@/db";
import { isAppError } from "@/lib/errors";
import { acceptInvitation } from "@/lib/invitations/accept-invitation";
import type {
  SetPasswordField,
  SetPasswordInput,
} from "@/lib/invitations/set-password-schema";
import { safeError } from "@/lib/log-safe-error";
import { logger } from "@/lib/logger";

export type SetPasswordResult =
  | { ok: true; email: string; landingPath: string }
  | { ok: false; error: string; field?: SetPasswordField };

/** Re-validates the link and the password on the server, then sets it. */
export async function setPasswordAction(
  secret: string,
  input: SetPasswordInput,
): Promise<SetPasswordResult> {
  try {
    return { ok: true, ...(await acceptInvitation(getDb(), secret, input)) };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: error.message };
    if (error instanceof z.ZodError) {
      const issue = error.issues[0];

      return {
        ok: false,
        error: issue.message,
        field: issue.path[0] === "confirmation" ? "confirmation" : "password",
      };
    }
    logger.error({ err: safeError(error) }, "set password failed");

    return { ok: false, error: "Something went wrong. Please try again." };
  }
}
