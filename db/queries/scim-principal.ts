import { sql } from "drizzle-orm";

import type { DbOrTx } from "../client";

export interface CountedToken {
  id: string;
  workspaceId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  workspaceName: string;
  plan: string;
  isProvisioningEnabled: boolean;
  /** This request's number in the token's rate-limit window; null when not counted. */
  requestCount: number | null;
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
  request_count: number | null;
  window_start: string | Date | null;
}

const toDate = (value: string | Date | null) =>
  value === null ? null : new Date(value);

/**
 * The token of `tokenHash` with its workspace, and — when the token may call
 * the API (not revoked or expired, Enterprise plan, provisioning on) — this
 * request counted in its fixed rate-limit window, in one statement: every
 * SCIM request starts with it, so one round trip instead of two.
 */
export async function findTokenAndCountRequest(
  db: DbOrTx,
  tokenHash: string,
  windowSeconds: number,
): Promise<CountedToken | undefined> {
  const rows = (await db.execute(sql`
    with token as (
      select t.id, t.workspace_id, t.expires_at, t.revoked_at, t.last_used_at,
             w.name as workspace_name, w.plan,
             coalesce(s.enabled, false) as is_provisioning_enabled
      from scim_tokens t
      join workspaces w on w.id = t.workspace_id
      left join provisioning_settings s on s.workspace_id = t.workspace_id
      where t.token_hash = ${tokenHash}
    ), counted as (
      insert into rate_limits (workspace_id, key, window_start, count)
      select token.workspace_id, 'scim:' || token.id, now(), 1
      -- A counter needs no durable commit: skipping the WAL flush for this
      -- statement keeps every request from waiting on a disk sync.
      from token, (select set_config('synchronous_commit', 'off', true)) as relaxed
      where token.revoked_at is null and token.expires_at > now()
        and token.plan = 'enterprise' and token.is_provisioning_enabled
      on conflict (workspace_id, key) do update set
        count = case when rate_limits.window_start <= now() - make_interval(secs => ${windowSeconds})
                     then 1 else rate_limits.count + 1 end,
        window_start = case when rate_limits.window_start <= now() - make_interval(secs => ${windowSeconds})
                     then now() else rate_limits.window_start end
      returning count, window_start
    )
    select token.*, counted.count as request_count, counted.window_start
    from token left join counted on true`)) as unknown as Row[];
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
    requestCount: row.request_count === null ? null : Number(row.request_count),
    windowStart: toDate(row.window_start),
  };
}
