import { and, eq, lt, sql } from "drizzle-orm";

import { toStorableText } from "@/lib/storable-text";
import type { DbOrTx } from "../client";
import {
  provisioningEvents,
  provisioningSettings,
  scimGroups,
  scimUsers,
} from "../schema";

export type ProvisioningEvent = Omit<
  typeof provisioningEvents.$inferInsert,
  "id" | "createdAt"
>;

/**
 * Rows of the activity log, one per SCIM request of a known token (DESIGN.md,
 * data model), in one statement however many. A failure on an existing
 * resource carries no name in its answer, so its subject is read from the
 * resource. The log is best effort (decision 0009), so like the rate-limit
 * counter the rows are committed without waiting for a WAL flush.
 */
export async function insertProvisioningEvents(
  db: DbOrTx,
  events: ProvisioningEvent[],
) {
  if (events.length === 0) return;
  // One JSON parameter whatever the batch size: the statement's text stays
  // the same, so it is prepared once per connection. Texts cut from what a
  // client sent may hold half of a surrogate pair, which jsonb refuses.
  const text = (value: string | null | undefined) =>
    value === null || value === undefined ? null : toStorableText(value);
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
    insert into ${provisioningEvents} (
      workspace_id, request_id, token_id, method, path, operation, status,
      outcome, scim_type, detail, resource_type, resource_id, idp,
      duration_ms, subject, request_body)
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
