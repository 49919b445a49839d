import { and, asc, desc, eq, gt, lt, sql, type SQL } from "drizzle-orm";

import type { ActivityFilters } from "@/lib/activity/activity-filters";

import type { DbOrTx } from "../client";
import { provisioningEvents, scimTokens } from "../schema";

const listColumns = {
  id: provisioningEvents.id,
  createdAt: provisioningEvents.createdAt,
  method: provisioningEvents.method,
  operation: provisioningEvents.operation,
  subject: provisioningEvents.subject,
  status: provisioningEvents.status,
  outcome: provisioningEvents.outcome,
  scimType: provisioningEvents.scimType,
  detail: provisioningEvents.detail,
  resourceType: provisioningEvents.resourceType,
  idp: provisioningEvents.idp,
  durationMs: provisioningEvents.durationMs,
};

/**
 * One page of a workspace's events, newest first, keyset-paginated by id:
 * `before` gives the older page, `after` the newer one. Reads one row more
 * than the page to tell whether the list goes on.
 */
export async function listProvisioningEvents(
  db: DbOrTx,
  workspaceId: string,
  filters: ActivityFilters,
  page: { before?: number; after?: number; size: number },
) {
  const isNewer = page.after !== undefined;
  const conditions = [
    eq(provisioningEvents.workspaceId, workspaceId),
    ...filterConditions(filters),
  ];
  if (page.before !== undefined)
    conditions.push(lt(provisioningEvents.id, page.before));
  if (page.after !== undefined)
    conditions.push(gt(provisioningEvents.id, page.after));

  const rows = await db
    .select({
      ...listColumns,
      requestBody: sql<unknown>`${provisioningEvents.requestBody}`,
    })
    .from(provisioningEvents)
    .where(and(...conditions))
    .orderBy(isNewer ? asc(provisioningEvents.id) : desc(provisioningEvents.id))
    .limit(page.size + 1);
  const hasMore = rows.length > page.size;
  const events = rows.slice(0, page.size);
  if (isNewer) events.reverse();

  return {
    events,
    hasOlder: isNewer ? page.after !== undefined : hasMore,
    hasNewer: isNewer ? hasMore : page.before !== undefined,
  };
}

/** One event with its token's fragment, or undefined in another workspace. */
export async function findProvisioningEvent(
  db: DbOrTx,
  workspaceId: string,
  id: number,
) {
  const [row] = await db
    .select({
      ...listColumns,
      requestId: provisioningEvents.requestId,
      path: provisioningEvents.path,
      resourceId: provisioningEvents.resourceId,
      requestBody: sql<unknown>`${provisioningEvents.requestBody}`,
      tokenFragment: scimTokens.fragment,
      tokenLabel: scimTokens.label,
    })
    .from(provisioningEvents)
    .leftJoin(
      scimTokens,
      and(
        eq(scimTokens.workspaceId, provisioningEvents.workspaceId),
        eq(scimTokens.id, provisioningEvents.tokenId),
      ),
    )
    .where(
      and(
        eq(provisioningEvents.workspaceId, workspaceId),
        eq(provisioningEvents.id, id),
      ),
    );

  return row;
}

/** The latest request the workspace received, for "Last request received". */
export async function findLastProvisioningEvent(
  db: DbOrTx,
  workspaceId: string,
) {
  const [row] = await db
    .select({
      createdAt: provisioningEvents.createdAt,
      idp: provisioningEvents.idp,
    })
    .from(provisioningEvents)
    .where(eq(provisioningEvents.workspaceId, workspaceId))
    .orderBy(desc(provisioningEvents.id))
    .limit(1);

  return row;
}

function filterConditions(filters: ActivityFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.outcome)
    conditions.push(eq(provisioningEvents.outcome, filters.outcome));
  if (filters.operation)
    conditions.push(eq(provisioningEvents.operation, filters.operation));
  if (filters.person) {
    const pattern = `%${filters.person.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`${provisioningEvents.subject} ilike ${pattern}`);
  }
  // Days are UTC days; `to` includes its whole day.
  if (filters.from)
    conditions.push(
      sql`${provisioningEvents.createdAt} >= ${filters.from}::date::timestamp at time zone 'UTC'`,
    );
  if (filters.to)
    conditions.push(
      sql`${provisioningEvents.createdAt} < (${filters.to}::date + 1)::timestamp at time zone 'UTC'`,
    );

  return conditions;
}
