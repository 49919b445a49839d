import { sql } from "drizzle-orm";

import type { DbOrTx } from "../client";

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

interface Row {
  id: string;
  workspace_id: string;
  expires_at: string | Date;
  revoked_at: string | Date | null;
  last_used_at: string | Date | null;
  workspace_name: string;
  plan: string;
  is_provisioning_enabled: boolean;
  request_count: number | string;
  window_start: string | Date | null;
}

const toDate = (value: string | Date | null) =>
  value === null ? null : new Date(value);

/**
 * The token of `tokenHash` with its workspace and the requests counted in
 * its current rate-limit window, in one read: every SCIM request starts with
 * it. The counts are written in batches (`addScimRequestCounts`).
 */
export async function findTokenWithRequestCount(
  db: DbOrTx,
  tokenHash: string,
  windowSeconds: number,
): Promise<KnownToken | undefined> {
  const rows = (await db.execute(sql`
    select t.id, t.workspace_id, t.expires_at, t.revoked_at, t.last_used_at,
           w.name as workspace_name, w.plan,
           coalesce(s.enabled, false) as is_provisioning_enabled,
           case when r.window_start > now() - make_interval(secs => ${windowSeconds})
                then r.count else 0 end as request_count,
           case when r.window_start > now() - make_interval(secs => ${windowSeconds})
                then r.window_start end as window_start
    from scim_tokens t
    join workspaces w on w.id = t.workspace_id
    left join provisioning_settings s on s.workspace_id = t.workspace_id
    left join rate_limits r on r.workspace_id = t.workspace_id and r.key = 'scim:' || t.id
    where t.token_hash = ${tokenHash}`)) as unknown as Row[];
  const [row] = rows;
  if (!row) return undefined;

  return {
    id: row.id,
    workspaceId: row.workspace_id,
    expiresAt: new Date(row.expires_at),
    revokedAt: toDate(row.revoked_at),
    lastUsedAt: toDate(row.last_used_at),
    workspaceName: row.workspace_name,
    plan: row.plan,
    isProvisioningEnabled: row.is_provisioning_enabled,
    storedRequestCount: Number(row.request_count),
    windowStart: toDate(row.window_start),
  };
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
export async function addScimRequestCounts(
  db: DbOrTx,
  counts: RequestCount[],
  windowSeconds: number,
) {
  if (counts.length === 0) return;
  const rows = JSON.stringify(
    counts.map((c) => ({
      workspace_id: c.workspaceId,
      key: `scim:${c.tokenId}`,
      added: c.count,
    })),
  );
  const ended = sql`rate_limits.window_start <= now() - make_interval(secs => ${windowSeconds})`;

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
