import type { DbOrTx } from "@/db/client";
import type { ScimUserRow } from "@/db/queries/scim-users";
import type { Logger } from "@/lib/logger";

/** Who is calling the SCIM API: one token of one workspace. */
export interface ScimContext {
  /**
   * A transaction when the connection check runs the service inside one it
   * rolls back; the services' own transactions then become savepoints.
   */
  db: DbOrTx;
  workspaceId: string;
  workspaceName: string;
  tokenId: string;
  /** The caller's address, for the audit trail. */
  ip: string | null;
  baseUrl: string;
  log: Logger;
  /**
   * Side effects worth a line in this request's provisioning event (role
   * changes a group caused); filled by the domain once its work committed.
   */
  effects?: string[];
  /**
   * The people of a `userName eq` / `externalId eq` lookup, read with the
   * token (lib/scim-api/handle-scim-request.ts) so the route needs no query.
   */
  prefetchedUsers?: {
    /** The filter text they answer, as the request gave it. */
    filter: string;
    rows: ScimUserRow[];
  };
}

// Ids that are not UUIDs cannot exist; answering 404 early keeps SQL clean.
export { isUuid } from "@/lib/scim/uuid";
