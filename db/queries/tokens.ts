import { and, count, desc, eq, gt, isNull } from "drizzle-orm";

import type { DbOrTx } from "../client";
import { scimTokens, users } from "../schema";

export async function insertToken(
  db: DbOrTx,
  values: {
    workspaceId: string;
    tokenHash: string;
    fragment: string;
    label: string;
    createdBy: string | null;
    expiresAt: Date;
  },
) {
  const [row] = await db
    .insert(scimTokens)
    .values(values)
    .returning({ id: scimTokens.id, expiresAt: scimTokens.expiresAt });

  return row;
}

export async function countLiveTokens(
  db: DbOrTx,
  workspaceId: string,
  now = new Date(),
) {
  const [row] = await db
    .select({ n: count() })
    .from(scimTokens)
    .where(
      and(
        eq(scimTokens.workspaceId, workspaceId),
        isNull(scimTokens.revokedAt),
        gt(scimTokens.expiresAt, now),
      ),
    );

  return row.n;
}

/**
 * Authentication's lookup, by hash alone before the workspace is known: the
 * token with its workspace's plan and provisioning switch, in one query, since
 * it runs on every SCIM request.
 */
export async function listTokens(db: DbOrTx, workspaceId: string) {
  return db
    .select({
      id: scimTokens.id,
      label: scimTokens.label,
      fragment: scimTokens.fragment,
      createdAt: scimTokens.createdAt,
      createdByName: users.name,
      expiresAt: scimTokens.expiresAt,
      lastUsedAt: scimTokens.lastUsedAt,
      lastUsedIp: scimTokens.lastUsedIp,
      lastUsedIdp: scimTokens.lastUsedIdp,
    })
    .from(scimTokens)
    .leftJoin(users, eq(users.id, scimTokens.createdBy))
    .where(
      and(
        eq(scimTokens.workspaceId, workspaceId),
        isNull(scimTokens.revokedAt),
      ),
    )
    .orderBy(desc(scimTokens.createdAt));
}

export async function revokeToken(
  db: DbOrTx,
  workspaceId: string,
  tokenId: string,
) {
  const rows = await db
    .update(scimTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(scimTokens.workspaceId, workspaceId),
        eq(scimTokens.id, tokenId),
        isNull(scimTokens.revokedAt),
      ),
    )
    .returning({ id: scimTokens.id });

  return rows.length > 0;
}

export async function recordTokenUse(
  db: DbOrTx,
  workspaceId: string,
  tokenId: string,
  use: { ip: string | null; idp: string | null },
) {
  await db
    .update(scimTokens)
    .set({ lastUsedAt: new Date(), lastUsedIp: use.ip, lastUsedIdp: use.idp })
    .where(
      and(eq(scimTokens.workspaceId, workspaceId), eq(scimTokens.id, tokenId)),
    );
}
