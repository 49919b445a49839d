import type { Database } from "@/db/client";
import { insertAuditEvent } from "@/db/queries/audit";
import { revokeToken } from "@/db/queries/tokens";
import { AppError } from "@/lib/errors";

export async function deleteScimToken(
  db: Database,
  input: {
    workspaceId: string;
    tokenId: string;
    actorUserId: string | null;
    ip?: string | null;
  },
) {
  await db.transaction(async (tx) => {
    const isRevoked = await revokeToken(tx, input.workspaceId, input.tokenId);
    if (!isRevoked)
      throw new AppError(
        "not_found",
        "That token does not exist or was already deleted.",
      );

    await insertAuditEvent(tx, {
      workspaceId: input.workspaceId,
      action: "scim_token.deleted",
      actorUserId: input.actorUserId,
      targetType: "scim_token",
      targetId: input.tokenId,
      ip: input.ip,
    });
  });
}
