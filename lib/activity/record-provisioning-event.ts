import type { Database } from "@/db/client";
import {
  claimEventPruning,
  deleteEventsOlderThan,
  insertProvisioningEvent,
  type ProvisioningEvent,
} from "@/db/queries/provisioning-events";
import { safeError } from "@/lib/log-safe-error";
import type { logger } from "@/lib/logger";

import { isEventRecordingEnabled } from "./is-event-recording-enabled";

const PRUNE_CHECK_MS = 60 * 60_000;
const PRUNE_BATCH = 1_000;
const PRUNE_MAX_BATCHES = 50;
const MAX_TRACKED_WORKSPACES = 10_000;

const pending = new Set<Promise<void>>();
const lastPruneCheck = new Map<string, number>();

/**
 * Writes one provisioning event after the answer is computed, without
 * holding the answer back: the write runs in the background and a failure is
 * logged, never turned into a different response (decision 0009).
 */
export function recordProvisioningEvent(
  db: Database,
  event: ProvisioningEvent,
  log: Pick<typeof logger, "warn">,
): void {
  if (!isEventRecordingEnabled()) return;

  const write = insertProvisioningEvent(db, event)
    .then(() => pruneIfDue(db, event.workspaceId))
    .catch((error: unknown) =>
      log.warn(
        { err: safeError(error), workspaceId: event.workspaceId },
        "could not record provisioning event",
      ),
    );
  pending.add(write);
  void write.finally(() => pending.delete(write));
}

/** Resolves when every event write started so far has finished. */
export async function settleProvisioningEvents(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
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
