import { and, asc, count, eq } from "drizzle-orm";

import type { DbOrTx } from "../client";
import { runStatement } from "../statement";
import { workspaceMembers, workspaces, type WorkspaceRole } from "../schema";
import type { AuditEvent } from "./audit";

export async function findMembership(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
) {
  const [member] = await db
    .select({ role: workspaceMembers.role, source: workspaceMembers.source })
    .from(workspaceMembers)
    .where(
      and(
        eq(workspaceMembers.workspaceId, workspaceId),
        eq(workspaceMembers.userId, userId),
      ),
    );

  return member;
}

export async function insertMembership(
  db: DbOrTx,
  values: {
    workspaceId: string;
    userId: string;
    role: WorkspaceRole;
    source: "manual" | "scim";
  },
) {
  // In SQL rather than Drizzle's builder: provisioning writes one per
  // request, and building it cost more than running it.
  const scimManagedSince =
    values.source === "scim" ? new Date().toISOString() : null;
  await runStatement(db, INSERT_MEMBERSHIP, [
    values.workspaceId,
    values.userId,
    values.role,
    values.source,
    scimManagedSince,
  ]);
}

const INSERT_MEMBERSHIP = `
  insert into workspace_members (workspace_id, user_id, role, source,
    scim_managed_since)
  values ($1, $2, $3, $4, $5)`;

export async function markMembershipScimManaged(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
) {
  await db
    .update(workspaceMembers)
    .set({ source: "scim", scimManagedSince: new Date() })
    .where(
      and(
        eq(workspaceMembers.workspaceId, workspaceId),
        eq(workspaceMembers.userId, userId),
      ),
    );
}

export async function deleteMembership(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
) {
  await db
    .delete(workspaceMembers)
    .where(
      and(
        eq(workspaceMembers.workspaceId, workspaceId),
        eq(workspaceMembers.userId, userId),
      ),
    );
}

/**
 * Removes a member who is not an owner and writes the audit row of the
 * removal (its details name the role) in the same statement. Returns the
 * role removed, or undefined when there was no such member: none, or an
 * owner, whom only a caller holding the owners' locks may remove.
 */
export async function deleteMembershipUnlessOwner(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
  audit: Pick<AuditEvent, "action" | "actorTokenId" | "ip">,
): Promise<WorkspaceRole | undefined> {
  const [row] = await runStatement<{ role: WorkspaceRole }>(
    db,
    DELETE_MEMBERSHIP_UNLESS_OWNER,
    [
      workspaceId,
      userId,
      audit.actorTokenId ?? null,
      audit.action,
      audit.ip ?? null,
    ],
  );

  return row?.role;
}

const DELETE_MEMBERSHIP_UNLESS_OWNER = `
  with removed as (
    delete from workspace_members
    where workspace_id = $1 and user_id = $2 and role <> 'owner'
    returning role
  ), audited as (
    insert into audit_events (workspace_id, actor_token_id, action,
      target_type, target_id, ip, details)
    select $1::uuid, $3::uuid, $4::text, 'user', $2::text, $5::text,
      jsonb_build_object('role', role)
    from removed
  )
  select role from removed`;

export async function countOwners(db: DbOrTx, workspaceId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(workspaceMembers)
    .where(
      and(
        eq(workspaceMembers.workspaceId, workspaceId),
        eq(workspaceMembers.role, "owner"),
      ),
    );

  return row.n;
}

/**
 * Locks the owners' membership rows and returns their user ids. Every path
 * that removes or demotes an owner holds these first, so two of them
 * cannot each see another owner and together leave none.
 */
export async function lockOwners(db: DbOrTx, workspaceId: string) {
  const rows = await db
    .select({ userId: workspaceMembers.userId })
    .from(workspaceMembers)
    .where(
      and(
        eq(workspaceMembers.workspaceId, workspaceId),
        eq(workspaceMembers.role, "owner"),
      ),
    )
    .orderBy(asc(workspaceMembers.userId))
    .for("update");

  return rows.map((row) => row.userId);
}

export async function listWorkspacesOfUser(db: DbOrTx, userId: string) {
  return db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      slug: workspaces.slug,
      plan: workspaces.plan,
      personal: workspaces.personal,
      role: workspaceMembers.role,
    })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, userId))
    .orderBy(asc(workspaces.personal), asc(workspaces.name));
}
