import { and, eq, lt, sql } from "drizzle-orm";

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

  await db.execute(sql`
    insert into ${provisioningEvents} (
      workspace_id, request_id, token_id, method, path, operation, status,
      outcome, scim_type, detail, resource_type, resource_id, idp,
      duration_ms, subject, request_body)
    select v.* from (values ${sql.join(events.map(valuesOf), sql`, `)})
      as v (workspace_id, request_id, token_id, method, path, operation,
        status, outcome, scim_type, detail, resource_type, resource_id, idp,
        duration_ms, subject, request_body)
    cross join (select set_config('synchronous_commit', 'off', true)) as relaxed`);
}

function valuesOf(event: ProvisioningEvent) {
  const body =
    event.requestBody === null || event.requestBody === undefined
      ? null
      : JSON.stringify(event.requestBody);

  return sql`(${event.workspaceId}::uuid, ${event.requestId}::text,
    ${event.tokenId ?? null}::uuid, ${event.method}::text, ${event.path}::text,
    ${event.operation}::text, ${event.status}::int, ${event.outcome}::text,
    ${event.scimType ?? null}::text, ${event.detail ?? null}::text,
    ${event.resourceType ?? null}::text, ${event.resourceId ?? null}::uuid,
    ${event.idp ?? null}::text, ${event.durationMs}::int,
    ${event.subject ?? subjectOf(event)}::text, ${body}::jsonb)`;
}

function subjectOf(event: ProvisioningEvent) {
  if (!event.resourceId) return null;
  if (event.resourceType === "User") {
    return sql`(${selectName(scimUsers.userName, scimUsers, event)})`;
  }
  if (event.resourceType === "Group") {
    return sql`(${selectName(scimGroups.displayName, scimGroups, event)})`;
  }

  return null;
}

function selectName(
  column: typeof scimUsers.userName | typeof scimGroups.displayName,
  table: typeof scimUsers | typeof scimGroups,
  event: ProvisioningEvent,
) {
  return sql`select ${column} from ${table} where ${table.workspaceId} = ${event.workspaceId} and ${table.id} = ${event.resourceId}`;
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
