import { randomBytes } from "node:crypto";

import type { Database } from "@/db/client";
import { getProvisioningSettings } from "@/db/queries/provisioning-settings";
import { listTokens } from "@/db/queries/tokens";
import { safeError } from "@/lib/log-safe-error";
import { logger } from "@/lib/logger";
import { isScimError } from "@/lib/scim/errors";

import {
  CHECK_STEPS,
  type CheckStep,
  CheckStepMismatch,
  type CheckSubject,
  SCIM_USER_SERVICES,
  type ScimUserServices,
} from "./check-connection-steps";
import type { ScimContext } from "./scim-context";

export interface CheckStepResult {
  name: CheckStep["name"];
  label: string;
  outcome: "passed" | "failed" | "skipped";
  /** The HTTP status the SCIM API would have answered, when the step ran. */
  status: number | null;
  durationMs: number;
  detail: string;
}

export interface ConnectionCheckResult {
  isOk: boolean;
  steps: CheckStepResult[];
  /** What the IdP would meet beyond the steps (provisioning off, no token). */
  notes: string[];
}

// Audit rows need an actor; the check has no token and its rows never commit.
const CHECK_TOKEN_ID = "00000000-0000-0000-0000-000000000000";

/**
 * Runs the user lifecycle an IdP drives through the same SCIM services the
 * routes call, inside one transaction that is always rolled back: no person,
 * membership, invitation, email or audit row of the check survives
 * (docs/decisions/0011).
 */
export async function checkConnection(
  db: Database,
  input: {
    workspaceId: string;
    workspaceName: string;
    baseUrl: string;
    ip: string | null;
  },
  services: ScimUserServices = SCIM_USER_SERVICES,
): Promise<ConnectionCheckResult> {
  const log = logger.child({
    workspaceId: input.workspaceId,
    connectionCheck: true,
  });
  const subject: CheckSubject = {
    userName: `roster-connection-check+${randomBytes(6).toString("hex")}@check.invalid`,
  };
  let result: ConnectionCheckResult | undefined;
  // Compared by identity: Next bundles may hold two copies of drizzle's
  // TransactionRollbackError class, so instanceof cannot recognise it.
  const rollback = new Error("connection check rolled back");

  try {
    await db.transaction(async (tx) => {
      const ctx: ScimContext = {
        ...input,
        db: tx,
        tokenId: CHECK_TOKEN_ID,
        log,
      };
      const notes = await notesFor(ctx);
      const steps: CheckStepResult[] = [];
      for (const step of CHECK_STEPS) {
        const hasFailed = steps.some((s) => s.outcome !== "passed");
        steps.push(
          hasFailed
            ? skipped(step)
            : await runStep(step, ctx, subject, services),
        );
      }
      result = {
        isOk: steps.every((s) => s.outcome === "passed"),
        steps,
        notes,
      };
      throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  if (!result) throw new Error("The connection check ended without a result.");
  log.info({ isOk: result.isOk }, "connection check finished");

  return result;
}

async function runStep(
  step: CheckStep,
  ctx: ScimContext,
  subject: CheckSubject,
  services: ScimUserServices,
): Promise<CheckStepResult> {
  const started = performance.now();
  const finish = (
    outcome: CheckStepResult["outcome"],
    status: number,
    detail: string,
  ) => ({
    name: step.name,
    label: step.label,
    outcome,
    status,
    durationMs: Math.round(performance.now() - started),
    detail,
  });

  try {
    const { status, detail } = await step.run(ctx, subject, services);

    return finish("passed", status, detail);
  } catch (error) {
    if (isScimError(error)) return finish("failed", error.status, error.detail);
    if (error instanceof CheckStepMismatch) {
      return finish(
        "failed",
        error.status,
        `Unexpected result: ${error.message}`,
      );
    }
    ctx.log.error(
      { err: safeError(error), step: step.name },
      "connection check step failed",
    );

    return finish(
      "failed",
      500,
      "An unexpected error occurred. It has been logged.",
    );
  }
}

function skipped(step: CheckStep): CheckStepResult {
  return {
    name: step.name,
    label: step.label,
    outcome: "skipped",
    status: null,
    durationMs: 0,
    detail: "Not run, because an earlier step failed.",
  };
}

async function notesFor(ctx: ScimContext) {
  const settings = await getProvisioningSettings(ctx.db, ctx.workspaceId);
  const tokens = await listTokens(ctx.db, ctx.workspaceId);
  const notes: string[] = [];
  if (!settings.enabled) {
    notes.push(
      "Provisioning is turned off, so your identity provider's requests are refused with 403 until you tick “Enable user provisioning with SCIM”.",
    );
  }
  if (!tokens.some((t) => t.expiresAt.getTime() > Date.now())) {
    notes.push(
      "There is no valid SCIM token: create one and paste it into your identity provider.",
    );
  }

  return notes;
}
