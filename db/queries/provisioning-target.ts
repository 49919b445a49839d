import type { DbOrTx } from "../client";
import { runStatement } from "../statement";
import type { WorkspaceRole } from "../schema";
import { PROVISIONING_DEFAULTS } from "./provisioning-settings";

export interface ProvisioningTarget {
  /** The account with the email, if there is one. */
  account: { id: string; hasPassword: boolean } | undefined;
  /** That account's SCIM user in the workspace, if it has one already. */
  provisioned: { id: string; userName: string } | undefined;
  /** That account's role in the workspace, if it is a member. */
  membershipRole: WorkspaceRole | undefined;
  /** The workspace's role for provisioned members. */
  provisioningRole: WorkspaceRole;
}

interface Row {
  user_id: string | null;
  has_password: boolean | null;
  scim_user_id: string | null;
  user_name: string | null;
  membership_role: WorkspaceRole | null;
  provisioning_role: WorkspaceRole | null;
}

const FIND_PROVISIONING_TARGET = `
  select u.id as user_id,
         coalesce(u.password_hash, '') <> '' as has_password,
         su.id as scim_user_id, su.user_name,
         m.role as membership_role,
         s.role as provisioning_role
  from (values (1)) as one_row
  left join users u on lower(u.email) = lower($1)
  left join scim_users su on su.workspace_id = $2 and su.user_id = u.id
  left join workspace_members m on m.workspace_id = $2 and m.user_id = u.id
  left join provisioning_settings s on s.workspace_id = $2`;

/**
 * What POST /Users must know before it writes, in one read: the account of
 * an email, what that account already has in the workspace, and the role
 * for provisioned members. Nothing is locked; the unique keys settle races.
 */
export async function findProvisioningTarget(
  db: DbOrTx,
  workspaceId: string,
  email: string,
): Promise<ProvisioningTarget> {
  const [row] = await runStatement<Row>(db, FIND_PROVISIONING_TARGET, [
    email,
    workspaceId,
  ]);

  return {
    account: row.user_id
      ? { id: row.user_id, hasPassword: row.has_password === true }
      : undefined,
    provisioned:
      row.scim_user_id && row.user_name !== null
        ? { id: row.scim_user_id, userName: row.user_name }
        : undefined,
    membershipRole: row.membership_role ?? undefined,
    provisioningRole: row.provisioning_role ?? PROVISIONING_DEFAULTS.role,
  };
}
