import type { Database } from "@/db/client";
import { insertAuditEvent } from "@/db/queries/audit";
import { countLiveTokens, insertToken } from "@/db/queries/tokens";
import { findWorkspaceById, lockWorkspace } from "@/db/queries/workspaces";
import { AppError } from "@/lib/errors";

import {
  generateScimToken,
  hashScimToken,
  tokenFragment,
} from "./scim-token-format";

// DESIGN.md, tokens: two live tokens let an admin rotate without a gap.
export const MAX_LIVE_TOKENS = 2;
export const TOKEN_LIFETIMES_DAYS = [30, 90, 365, 730] as const;
export const DEFAULT_TOKEN_LIFETIME_DAYS = 365;

export interface CreateScimTokenInput {
  workspaceId: string;
  label: string;
  lifetimeDays?: number;
  actorUserId: string | null;
  ip?: string | null;
}

/** Returns the plaintext token: the only time it exists outside the caller. */
export async function createScimToken(
  db: Database,
  input: CreateScimTokenInput,
) {
  const token = generateScimToken();
  const lifetime = input.lifetimeDays ?? DEFAULT_TOKEN_LIFETIME_DAYS;
  const expiresAt = new Date(Date.now() + lifetime * 86_400_000);

  const row = await db.transaction(async (tx) => {
    await lockWorkspace(tx, input.workspaceId);
    const workspace = await findWorkspaceById(tx, input.workspaceId);
    if (!workspace) throw new AppError("not_found", "Workspace not found.");
    if (workspace.plan !== "enterprise") {
      throw new AppError(
        "forbidden",
        "SCIM provisioning needs the Enterprise plan.",
      );
    }
    if ((await countLiveTokens(tx, input.workspaceId)) >= MAX_LIVE_TOKENS) {
      throw new AppError(
        "limit_reached",
        `A workspace can have at most ${MAX_LIVE_TOKENS} SCIM tokens. Delete one before creating another.`,
      );
    }
    const inserted = await insertToken(tx, {
      workspaceId: input.workspaceId,
      tokenHash: hashScimToken(token),
      fragment: tokenFragment(token),
      label: input.label,
      createdBy: input.actorUserId,
      expiresAt,
    });
    await insertAuditEvent(tx, {
      workspaceId: input.workspaceId,
      action: "scim_token.created",
      actorUserId: input.actorUserId,
      targetType: "scim_token",
      targetId: inserted.id,
      ip: input.ip,
      details: { label: input.label, expiresAt: expiresAt.toISOString() },
    });

    return inserted;
  });

  return {
    id: row.id,
    token,
    expiresAt: row.expiresAt,
    fragment: tokenFragment(token),
  };
}
