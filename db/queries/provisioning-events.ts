import { and, eq, lt, sql } from "drizzle-orm";

import { toStorableText } from "@/lib/storable-text";
import { type Database, type DbOrTx, canCopyInto } from "../client";
import {
  provisioningEvents,
  provisioningSettings,
  scimGroups,
  scimUsers,
} from "../schema";
import { copyField, copyInto } from "../statement";

export type ProvisioningEvent = Omit<
  typeof provisioningEvents.$inferInsert,
  "id" | "createdAt"
>;

/**
 * Rows of the activity log, one per SCIM request of a known token (DESIGN.md,
 * data model), in at most two statements however many. Rows that name their
 * subject are copied in (`COPY`, decision 0019); a failure on an existing
 * resource carries no name in its answer, so its subject is read from the
 * resource by an INSERT … SELECT, which a database without COPY
 * (`canCopyInto`) uses for every row. Resolves with the events of a statement that
 * failed, for the caller to write one by one (`insertProvisioningEvent`):
 * the log is best effort (decision 0009), and one bad row must not cost the
 * others theirs.
 */
export async function insertProvisioningEvents(
  db: Database,
  events: ProvisioningEvent[],
): Promise<ProvisioningEvent[]> {
  const copied: ProvisioningEvent[] = [];
  const selected: ProvisioningEvent[] = [];
  const canCopy = canCopyInto(db);
  for (const event of events) {
    (canCopy && !needsSubjectLookup(event) ? copied : selected).push(event);
  }
  const [copy, select] = await Promise.allSettled([
    copied.length > 0 &&
      copyInto(
        db,
        `provisioning_events (${EVENT_COLUMNS})`,
        copied.map(copyLine).join(""),
        // Best effort, like the INSERT below (decision 0009).
        { relaxed: true },
      ),
    selected.length > 0 && insertSelecting(db, selected),
  ]);

  return [
    ...(copy.status === "rejected" ? copied : []),
    ...(select.status === "rejected" ? selected : []),
  ];
}

/**
 * One event on its own, by an INSERT (prepared and pipelined like any
 * statement, where a COPY takes a connection to itself).
 */
export async function insertProvisioningEvent(
  db: DbOrTx,
  event: ProvisioningEvent,
) {
  await insertSelecting(db, [event]);
}

const EVENT_COLUMNS = `workspace_id, request_id, token_id, method, path,
  operation, status, outcome, scim_type, detail, resource_type, resource_id,
  idp, duration_ms, subject, request_body`;

function needsSubjectLookup(event: ProvisioningEvent) {
  return (
    event.subject == null &&
    event.resourceId != null &&
    (event.resourceType === "User" || event.resourceType === "Group")
  );
}

// Texts cut from what a client sent may hold a NUL or half of a surrogate
// pair, which text and jsonb columns refuse.
const text = (value: string | null | undefined) =>
  value === null || value === undefined ? null : toStorableText(value);

/** One event as a line of COPY's text format, in `EVENT_COLUMNS` order. */
function copyLine(event: ProvisioningEvent) {
  const fields = [
    event.workspaceId,
    text(event.requestId),
    event.tokenId,
    text(event.method),
    text(event.path),
    event.operation,
    event.status,
    event.outcome,
    text(event.scimType),
    text(event.detail),
    event.resourceType,
    event.resourceId,
    text(event.idp),
    event.durationMs,
    text(event.subject),
    event.requestBody == null ? null : JSON.stringify(event.requestBody),
  ];

  return `${fields.map(copyField).join("\t")}\n`;
}

async function insertSelecting(db: DbOrTx, events: ProvisioningEvent[]) {
  // One JSON parameter whatever the batch size: the statement's text stays
  // the same, so it is prepared once per connection.
  const rows = JSON.stringify(
    events.map((event) => ({
      workspace_id: event.workspaceId,
      request_id: text(event.requestId),
      token_id: event.tokenId ?? null,
      method: text(event.method),
      path: text(event.path),
      operation: event.operation,
      status: event.status,
      outcome: event.outcome,
      scim_type: text(event.scimType),
      detail: text(event.detail),
      resource_type: event.resourceType ?? null,
      resource_id: event.resourceId ?? null,
      idp: text(event.idp),
      duration_ms: event.durationMs,
      subject: text(event.subject),
      request_body: event.requestBody ?? null,
    })),
  );

  await db.execute(sql`
    insert into ${provisioningEvents} (${sql.raw(EVENT_COLUMNS)})
    select e.workspace_id, e.request_id, e.token_id, e.method, e.path,
      e.operation, e.status, e.outcome, e.scim_type, e.detail,
      e.resource_type, e.resource_id, e.idp, e.duration_ms,
      coalesce(e.subject, case e.resource_type
        when 'User' then (select u.user_name from ${scimUsers} u
          where u.workspace_id = e.workspace_id and u.id = e.resource_id)
        when 'Group' then (select g.display_name from ${scimGroups} g
          where g.workspace_id = e.workspace_id and g.id = e.resource_id)
      end),
      e.request_body
    from jsonb_to_recordset(${rows}::jsonb) as e (
      workspace_id uuid, request_id text, token_id uuid, method text,
      path text, operation text, status int, outcome text, scim_type text,
      detail text, resource_type text, resource_id uuid, idp text,
      duration_ms int, subject text, request_body jsonb)
    cross join (select set_config('synchronous_commit', 'off', true)) as relaxed`);
}

const PRUNE_INTERVAL = sql`interval '1 hour'`;

/**
 * Claims this hour's pruning of a workspace's events: a conditional write,
 * so of several instances only one prunes. Returns the retention in days
 * when the claim succeeded.
 */
export async function claimEventPruning(db: DbOrTx, workspaceId: string) {
  const [row] = await db
    .insert(provisioningSettings)
    .values({ workspaceId, eventsPrunedAt: sql`now()` })
    .onConflictDoUpdate({
      target: provisioningSettings.workspaceId,
      set: { eventsPrunedAt: sql`now()` },
      setWhere: sql`${provisioningSettings.eventsPrunedAt} is null or ${provisioningSettings.eventsPrunedAt} < now() - ${PRUNE_INTERVAL}`,
    })
    .returning({ retentionDays: provisioningSettings.eventRetentionDays });

  return row?.retentionDays;
}

/** Deletes up to `limit` events older than the retention; returns how many. */
export async function deleteEventsOlderThan(
  db: DbOrTx,
  workspaceId: string,
  retentionDays: number,
  limit: number,
) {
  const batch = db
    .select({ id: provisioningEvents.id })
    .from(provisioningEvents)
    .where(
      and(
        eq(provisioningEvents.workspaceId, workspaceId),
        lt(
          provisioningEvents.createdAt,
          sql`now() - make_interval(days => ${retentionDays})`,
        ),
      ),
    )
    .limit(limit);
  const deleted = await db
    .delete(provisioningEvents)
    .where(
      and(
        eq(provisioningEvents.workspaceId, workspaceId),
        sql`${provisioningEvents.id} in (${batch})`,
      ),
    )
    .returning({ id: provisioningEvents.id });

  return deleted.length;
}
