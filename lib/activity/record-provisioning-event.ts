import type { Database } from "@/db/client";
import {
  claimEventPruning,
  deleteEventsOlderThan,
  insertProvisioningEvent,
  insertProvisioningEvents,
  type ProvisioningEvent,
} from "@/db/queries/provisioning-events";
import { safeError } from "@/lib/log-safe-error";
import { logThrottle, type logger } from "@/lib/logger";
import { settlesWithin } from "@/lib/settles-within";

import { isEventRecordingEnabled } from "./is-event-recording-enabled";

// Events wait at most this long, or until this many are queued, and are then
// written in one statement: under load one INSERT carries many events.
const FLUSH_DELAY_MS = 20;
const MAX_BATCH = 200;
const PRUNE_CHECK_MS = 60 * 60_000;
const PRUNE_BATCH = 1_000;
const PRUNE_MAX_BATCHES = 50;
const MAX_TRACKED_WORKSPACES = 10_000;

type Log = Pick<typeof logger, "warn">;
interface Queued {
  event: ProvisioningEvent;
  log: Log;
}

let queue: Queued[] = [];
let queueDb: Database | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
const inFlight = new Set<Promise<void>>();
// The last batch write queued, until it ends with nothing queued after it.
let lastWrite: Promise<void> | undefined;
const lastPruneCheck = new Map<string, number>();

/**
 * Queues one provisioning event after the answer is computed, without
 * holding the answer back: writes run in the background and a failure is
 * logged, never turned into a different response (decision 0009).
 */
export function recordProvisioningEvent(
  db: Database,
  event: ProvisioningEvent,
  log: Log,
): void {
  if (!isEventRecordingEnabled()) return;

  // One app has one database; a different one (tests) flushes what is queued.
  if (queueDb && queueDb !== db) flush();
  queueDb = db;
  queue.push({ event, log });
  if (queue.length >= MAX_BATCH) flush();
  else timer ??= setTimeout(flush, FLUSH_DELAY_MS);
}

/**
 * Resolves when every event recorded so far has been written (or failed),
 * true; or false after `waitMs`, when writes are still pending (a database
 * that does not answer at shutdown: batches are written one at a time).
 */
export async function settleProvisioningEvents(
  waitMs = Infinity,
): Promise<boolean> {
  flush();
  const settled = (async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);

    return true;
  })();
  if (!Number.isFinite(waitMs)) return settled;

  return settlesWithin(settled, waitMs);
}

function flush() {
  if (timer) clearTimeout(timer);
  timer = undefined;
  const batch = queue;
  const db = queueDb;
  queue = [];
  if (batch.length === 0 || !db) return;

  // One batch is written at a time: a COPY takes a connection to itself,
  // and the driver refuses statements while every connection copies, so
  // overlapping batches could starve the requests of a small pool.
  // Batches queued meanwhile follow in order.
  const written = lastWrite
    ? lastWrite.then(() => writeBatch(db, batch))
    : writeBatch(db, batch);
  lastWrite = written;
  void written.then(() => {
    if (lastWrite === written) lastWrite = undefined;
  });
  const write = written.then(() => pruneWorkspacesOf(db, batch));
  inFlight.add(write);
  void write.finally(() => inFlight.delete(write));
}

/** Writes a batch; never rejects (failures are logged per event). */
async function writeBatch(db: Database, batch: Queued[]) {
  let failed = batch;
  try {
    const unwritten = new Set(
      await insertProvisioningEvents(
        db,
        batch.map((q) => q.event),
      ),
    );
    failed = batch.filter((q) => unwritten.has(q.event));
  } catch {
    // Nothing is known to be written.
  }
  // One bad row must not cost the others theirs: write them one by one.
  await Promise.all(failed.map((q) => writeOne(db, q)));
}

async function pruneWorkspacesOf(db: Database, batch: Queued[]) {
  const workspaces = new Set(batch.map((q) => q.event.workspaceId));
  await Promise.all(
    [...workspaces].map((workspaceId) =>
      pruneIfDue(db, workspaceId).catch((error: unknown) =>
        batch[0].log.warn(
          { err: safeError(error), workspaceId },
          "could not prune provisioning events",
        ),
      ),
    ),
  );
}

// While the database is away every event fails alike.
const unrecordedLines = logThrottle();

async function writeOne(db: Database, { event, log }: Queued) {
  try {
    await insertProvisioningEvent(db, event);
  } catch (error) {
    unrecordedLines((notLogged) =>
      log.warn(
        { err: safeError(error), workspaceId: event.workspaceId, notLogged },
        "could not record provisioning event",
      ),
    );
  }
}

/**
 * Retention on write: each instance asks at most once an hour per workspace,
 * and the conditional claim lets one instance an hour do the deleting, in
 * bounded batches so no statement holds many rows.
 */
async function pruneIfDue(db: Database, workspaceId: string) {
  const now = Date.now();
  if (now - (lastPruneCheck.get(workspaceId) ?? 0) < PRUNE_CHECK_MS) return;
  if (lastPruneCheck.size >= MAX_TRACKED_WORKSPACES) lastPruneCheck.clear();
  lastPruneCheck.set(workspaceId, now);

  const retentionDays = await claimEventPruning(db, workspaceId);
  if (retentionDays === undefined) return;
  for (let batch = 0; batch < PRUNE_MAX_BATCHES; batch++) {
    const deleted = await deleteEventsOlderThan(
      db,
      workspaceId,
      retentionDays,
      PRUNE_BATCH,
    );
    if (deleted < PRUNE_BATCH) return;
  }
}
