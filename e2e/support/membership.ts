import { and, eq } from "drizzle-orm";

import {
  emailOutbox,
  scimUsers,
  users,
  workspaceMembers,
  workspaces,
} from "@/db/schema";

import { testDb } from "./test-db";

/** What the database says about a provisioned person, for "then" checks. */
export async function personState(workspaceId: string, scimUserId: string) {
  const db = testDb();
  const [scimUser] = await db
    .select({ userId: scimUsers.userId, active: scimUsers.active })
    .from(scimUsers)
    .where(
      and(eq(scimUsers.workspaceId, workspaceId), eq(scimUsers.id, scimUserId)),
    );
  if (!scimUser)
    return {
      scimUser: undefined,
      account: undefined,
      membership: undefined,
      memberships: [],
    };

  const [account] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(eq(users.id, scimUser.userId));
  const memberships = await db
    .select({
      workspaceId: workspaceMembers.workspaceId,
      role: workspaceMembers.role,
      source: workspaceMembers.source,
      personal: workspaces.personal,
    })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, scimUser.userId));
  const invitations = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.workspaceId, workspaceId),
        eq(emailOutbox.recipientUserId, scimUser.userId),
      ),
    );

  return {
    scimUser,
    account,
    membership: memberships.find((m) => m.workspaceId === workspaceId),
    memberships,
    invitations,
  };
}
