import type { Database } from "@/db/client";
import {
  findTokenWithRequestCount,
  findTokenWithUsersByKey,
  type KnownToken,
} from "@/db/queries/scim-principal";
import type { ScimUserRow, UserLookupKey } from "@/db/queries/scim-users";
import { ScimError } from "@/lib/scim/errors";
import {
  hashScimToken,
  isWellFormedScimToken,
} from "@/lib/tokens/scim-token-format";

export interface ScimPrincipal {
  tokenId: string;
  workspaceId: string;
  workspaceName: string;
  lastUsedAt: Date | null;
  /** Requests of the token's current rate-limit window written so far. */
  storedRequestCount: number;
  /** When that window began; null when none is stored yet. */
  windowStart: Date | null;
}

const challenge = { "WWW-Authenticate": 'Bearer realm="Roster SCIM"' };

const unauthorized = (detail: string) =>
  new ScimError(401, detail, undefined, challenge);

const DELETED_TOKEN =
  "The bearer token is not valid; it may have been deleted. Create a new token in Workspace Settings → User Provisioning.";

export type KnownScimToken = KnownToken;

/**
 * DESIGN.md, auth: 401 for a missing, malformed or unknown token. A token
 * Roster knows is returned even when revoked or expired, so that the refusal
 * can be recorded in its workspace's activity log; `requireUsableToken` then
 * decides. With `lookup` (a `userName eq` or `externalId eq` list request),
 * the people it asks for are read in the same round trip; they may be used
 * only once `requireUsableToken` accepted the token.
 */
export async function findScimTokenOrThrow(
  db: Database,
  authorization: string | null,
  lookup?: { key: UserLookupKey; value: string },
): Promise<{ token: KnownScimToken; users?: ScimUserRow[] }> {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "");
  if (!match) {
    throw unauthorized(
      "Send the workspace's SCIM token as `Authorization: Bearer <token>`.",
    );
  }
  // The checksum refuses typos and garbage before any database query.
  if (!isWellFormedScimToken(match[1])) {
    throw unauthorized("The bearer token is not a valid Roster SCIM token.");
  }

  const tokenHash = hashScimToken(match[1]);
  if (lookup) {
    const found = await findTokenWithUsersByKey(
      db,
      tokenHash,
      lookup.key,
      lookup.value,
    );
    if (!found) throw unauthorized(DELETED_TOKEN);

    return found;
  }
  const token = await findTokenWithRequestCount(db, tokenHash);
  if (!token) throw unauthorized(DELETED_TOKEN);

  return { token };
}

/**
 * DESIGN.md, auth: 401 for a revoked or expired token; 403 for a valid token
 * whose workspace may not provision.
 */
export function requireUsableToken(token: KnownScimToken): ScimPrincipal {
  if (token.revokedAt) throw unauthorized(DELETED_TOKEN);
  if (token.expiresAt.getTime() <= Date.now()) {
    throw unauthorized(
      `The bearer token expired on ${token.expiresAt.toISOString().slice(0, 10)}. Create a new token in Workspace Settings → User Provisioning.`,
    );
  }

  if (token.plan !== "enterprise") {
    throw new ScimError(
      403,
      "SCIM provisioning needs the Enterprise plan for this workspace.",
    );
  }
  if (!token.isProvisioningEnabled) {
    throw new ScimError(
      403,
      "User provisioning is turned off for this workspace. An admin can enable it in Workspace Settings → User Provisioning.",
    );
  }

  return {
    tokenId: token.id,
    workspaceId: token.workspaceId,
    workspaceName: token.workspaceName,
    lastUsedAt: token.lastUsedAt,
    storedRequestCount: token.storedRequestCount,
    windowStart: token.windowStart,
  };
}
