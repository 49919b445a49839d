import { and, eq, sql } from "drizzle-orm";

import type { Database, DbOrTx } from "../client";
import {
  provisioningSettings,
  rateLimits,
  scimTokens,
  workspaces,
} from "../schema";
import { dateOf, dateOrNullOf, onDriver } from "../statement";
import { type ScimUserRow, type UserLookupKey, usersByKey } from "./scim-users";

export interface KnownToken {
  id: string;
  workspaceId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  workspaceName: string;
  plan: string;
  isProvisioningEnabled: boolean;
  /** Requests of the token in its current rate-limit window, as written so far. */
  storedRequestCount: number;
  /** When that window began; null when the token has no current window. */
  windowStart: Date | null;
}

/** The fixed window the per-token request count runs over. */
export const SCIM_RATE_WINDOW_SECONDS = 60;

const isWindowOpen = sql`${rateLimits.windowStart} > now() - make_interval(secs => ${SCIM_RATE_WINDOW_SECONDS})`;

const tokenColumns = {
  id: scimTokens.id,
  workspaceId: scimTokens.workspaceId,
  expiresAt: scimTokens.expiresAt,
  revokedAt: scimTokens.revokedAt,
  lastUsedAt: scimTokens.lastUsedAt,
  workspaceName: workspaces.name,
  plan: workspaces.plan,
  isProvisioningEnabled: sql<boolean>`coalesce(${provisioningSettings.enabled}, false)`,
  // Typed here, decoded by `decodeToken` (the reads run on the driver).
  storedRequestCount: sql<number>`case when ${isWindowOpen} then ${rateLimits.count} else 0 end`,
  windowStart: sql<Date | null>`case when ${isWindowOpen} then ${rateLimits.windowStart} end`,
};

// How a token meets its workspace, settings and rate-limit window, in both
// queries below (Drizzle's join chain does not type as a shared helper).
const workspaceOfToken = eq(workspaces.id, scimTokens.workspaceId);
const settingsOfToken = eq(
  provisioningSettings.workspaceId,
  scimTokens.workspaceId,
);
const rateLimitOfToken = and(
  eq(rateLimits.workspaceId, scimTokens.workspaceId),
  eq(rateLimits.key, sql`'scim:' || ${scimTokens.id}`),
);
const byTokenHash = eq(scimTokens.tokenHash, sql.placeholder("tokenHash"));

/** The token of a hash with its workspace, settings and rate-limit window. */
function tokenQuery(db: Database) {
  return db
    .select(tokenColumns)
    .from(scimTokens)
    .innerJoin(workspaces, workspaceOfToken)
    .leftJoin(provisioningSettings, settingsOfToken)
    .leftJoin(rateLimits, rateLimitOfToken)
    .where(byTokenHash);
}

/** The same query with the people of the token's workspace whose `key` equals a value. */
function tokenWithUsersQuery(db: Database, key: UserLookupKey) {
  // Correlated with the outer token row: the token's workspace only
  // (db/scim-user-lookup.test.ts checks that another workspace's people
  // with the same userName are never found).
  const found = usersByKey(
    db,
    key,
    sql`${scimTokens.workspaceId}`,
    sql.placeholder("value"),
  ).as("found");

  return db
    .select({
      ...tokenColumns,
      user: {
        id: found.id,
        userId: found.userId,
        userName: found.userName,
        externalId: found.externalId,
        active: found.active,
        resource: found.resource,
        roleBeforeDeactivation: found.roleBeforeDeactivation,
        version: found.version,
        createdAt: found.createdAt,
        updatedAt: found.updatedAt,
        groups: found.groups,
      },
    })
    .from(scimTokens)
    .innerJoin(workspaces, workspaceOfToken)
    .leftJoin(provisioningSettings, settingsOfToken)
    .leftJoin(rateLimits, rateLimitOfToken)
    .leftJoinLateral(found, sql`true`)
    .where(byTokenHash);
}

/** A token row's first ten columns, in `tokenColumns` order. */
function decodeToken(values: unknown[]): KnownToken {
  return {
    id: values[0] as string,
    workspaceId: values[1] as string,
    expiresAt: dateOf(values[2]),
    revokedAt: dateOrNullOf(values[3]),
    lastUsedAt: dateOrNullOf(values[4]),
    workspaceName: values[5] as string,
    plan: values[6] as string,
    isProvisioningEnabled: values[7] as boolean,
    storedRequestCount: Number(values[8]),
    windowStart: dateOrNullOf(values[9]),
  };
}

/** The person after the token's columns, in `tokenWithUsersQuery` order. */
function decodeUser(values: unknown[]): ScimUserRow | null {
  if (values[10] === null) return null;

  return {
    id: values[10] as string,
    userId: values[11] as string,
    userName: values[12] as string,
    externalId: values[13] as string | null,
    active: values[14] as boolean,
    resource: values[15] as ScimUserRow["resource"],
    roleBeforeDeactivation: values[16] as ScimUserRow["roleBeforeDeactivation"],
    version: values[17] as number,
    createdAt: dateOf(values[18]),
    updatedAt: dateOf(values[19]),
    groups: values[20] as ScimUserRow["groups"],
  };
}

interface TokenQueries {
  token: (values: { tokenHash: string }) => Promise<KnownToken[]>;
  byKey: Record<
    UserLookupKey,
    (values: {
      tokenHash: string;
      value: string;
    }) => Promise<{ token: KnownToken; user: ScimUserRow | null }[]>
  >;
}
const prepared = new WeakMap<Database, TokenQueries>();

// Every SCIM request starts with one of these: built once per database and
// run on the driver (db/statement.ts, decision 0018).
function queriesOf(db: Database): TokenQueries {
  let queries = prepared.get(db);
  if (!queries) {
    const withUser = (values: unknown[]) => ({
      token: decodeToken(values),
      user: decodeUser(values),
    });
    // Lookups come many at once and are answered by this one statement,
    // so theirs is sent with the others of the same turn of the event loop
    // (decision 0021). A write's token read is not: a turn that runs
    // writes lasts long enough to hold it back by more than it saves.
    const coalesce = { coalesce: true };
    queries = {
      token: onDriver(db, tokenQuery(db), decodeToken),
      byKey: {
        userName: onDriver(
          db,
          tokenWithUsersQuery(db, "userName"),
          withUser,
          coalesce,
        ),
        externalId: onDriver(
          db,
          tokenWithUsersQuery(db, "externalId"),
          withUser,
          coalesce,
        ),
      },
    };
    prepared.set(db, queries);
  }

  return queries;
}

/**
 * The token of `tokenHash` with its workspace and the requests counted in
 * its current rate-limit window, in one read. The counts are written in
 * batches (`addScimRequestCounts`).
 */
export async function findTokenWithRequestCount(
  db: Database,
  tokenHash: string,
): Promise<KnownToken | undefined> {
  const [row] = await queriesOf(db).token({ tokenHash });

  return row;
}

/**
 * The same token, and in the same round trip the people of its workspace
 * whose userName or externalId equals `value` (the lookup IdPs make before
 * every write). The caller must not use the people unless the token may
 * call the API.
 */
export async function findTokenWithUsersByKey(
  db: Database,
  tokenHash: string,
  key: UserLookupKey,
  value: string,
): Promise<{ token: KnownToken; users: ScimUserRow[] } | undefined> {
  const rows = await queriesOf(db).byKey[key]({ tokenHash, value });
  if (rows.length === 0) return undefined;
  const { token } = rows[0];

  // Only the people found for that one token's workspace, even if a hash
  // were ever stored for two workspaces (it is unique per workspace only).
  const users = rows.flatMap((row) =>
    row.user &&
    row.token.id === token.id &&
    row.token.workspaceId === token.workspaceId
      ? [row.user]
      : [],
  );

  return { token, users };
}

export interface RequestCount {
  workspaceId: string;
  tokenId: string;
  count: number;
}

/**
 * Adds request counts to the tokens' fixed windows, starting a new window
 * where the stored one has ended: one statement for every token of a batch.
 */
export async function addScimRequestCounts(db: DbOrTx, counts: RequestCount[]) {
  if (counts.length === 0) return;
  const rows = JSON.stringify(
    counts.map((c) => ({
      workspace_id: c.workspaceId,
      key: `scim:${c.tokenId}`,
      added: c.count,
    })),
  );
  const ended = sql`rate_limits.window_start <= now() - make_interval(secs => ${SCIM_RATE_WINDOW_SECONDS})`;

  await db.execute(sql`
    insert into rate_limits (workspace_id, key, window_start, count)
    -- A counter needs no durable commit: skipping the WAL flush keeps the
    -- write from waiting on a disk sync.
    select c.workspace_id, c.key, now(), c.added
    from jsonb_to_recordset(${rows}::jsonb)
           as c(workspace_id uuid, key text, added int),
         (select set_config('synchronous_commit', 'off', true)) as relaxed
    where exists (select 1 from workspaces w where w.id = c.workspace_id)
    on conflict (workspace_id, key) do update set
      count = case when ${ended} then excluded.count
                   else rate_limits.count + excluded.count end,
      window_start = case when ${ended} then now()
                          else rate_limits.window_start end`);
}
