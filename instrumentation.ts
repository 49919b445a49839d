/**
 * Runs once per server process (next start / next dev), never in tests or
 * scripts: starts the email outbox sweep.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;

  const { logger } = await import("@/lib/logger");
  try {
    const [{ getDb }, { startOutboxWorker }] = await Promise.all([
      import("@/db"),
      import("@/lib/email/outbox-worker"),
    ]);
    startOutboxWorker(getDb(), logger);
  } catch (error) {
    // The app still serves without email delivery; the outbox keeps the emails.
    const { safeError } = await import("@/lib/log-safe-error");
    logger.error({ err: safeError(error) }, "outbox worker did not start");
  }
}
