import nodemailer from "nodemailer";

import type { Database } from "@/db/client";
import { safeError } from "@/lib/log-safe-error";
import type { Logger } from "@/lib/logger";

import { deliverDueEmails, type MailSender } from "./deliver-due-emails";
import { type MailConfig, readMailConfig } from "./mail-config";

const SWEEP_INTERVAL_MS = 30_000;

interface Worker {
  db: Database;
  config: MailConfig;
  sender: MailSender;
  log: Logger;
  running: Promise<unknown> | null;
  /** An email was queued during a pass: run another when it ends. */
  isDirty: boolean;
}

// One worker per server process; Next may load this module in several
// bundles, so the worker lives on globalThis like the database handle.
const globalForWorker = globalThis as unknown as { rosterOutbox?: Worker };

/**
 * Starts the periodic outbox sweep of this server process (instrumentation.ts).
 * Without SMTP there is nothing to sweep: emails wait in the outbox, visible
 * on the development outbox page. The timer does not keep a process alive.
 */
export function startOutboxWorker(db: Database, log: Logger) {
  const config = readMailConfig();
  if (!config || globalForWorker.rosterOutbox) return;

  const worker: Worker = {
    db,
    config,
    sender: nodemailer.createTransport(config.smtpUrl),
    log: log.child({ component: "outbox" }),
    running: null,
    isDirty: false,
  };
  globalForWorker.rosterOutbox = worker;
  setInterval(() => sweep(worker), SWEEP_INTERVAL_MS).unref();
  sweep(worker);
}

/** After a transaction that queued an email has committed. */
export function notifyEmailQueued(outboxId: string, log: Logger) {
  if (!readMailConfig()) {
    log.info({ outboxId }, "email queued (no SMTP configured)");
    return;
  }
  const worker = globalForWorker.rosterOutbox;
  if (worker) sweep(worker);
}

/** One delivery pass at a time in this process; other instances use SKIP LOCKED. */
function sweep(worker: Worker) {
  if (worker.running) {
    worker.isDirty = true;
    return;
  }

  worker.isDirty = false;
  worker.running = deliverDueEmails(worker.db, {
    sender: worker.sender,
    from: worker.config.from,
    log: worker.log,
  })
    .catch((error: unknown) =>
      worker.log.error({ err: safeError(error) }, "outbox sweep failed"),
    )
    .finally(() => {
      worker.running = null;
      if (worker.isDirty) sweep(worker);
    });
}
