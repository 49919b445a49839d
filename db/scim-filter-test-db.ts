import { randomUUID } from "node:crypto";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { and, eq, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";

import type { ScimContext } from "../lib/provisioning/scim-context";
import type { DbOrTx } from "./client";
import * as schema from "./schema";

// An in-memory PGlite database with the real migrations, for the filter
// compiler's tests: each test file opens its own and seeds its own workspace.

// PGlite compiles its WebAssembly and replays the migrations when it opens:
// several seconds on a busy machine, more than vitest's default hook timeout.
export const OPEN_TIMEOUT_MS = 60_000;

export type TestDatabase = Awaited<ReturnType<typeof openTestDatabase>>;

export interface UserSeed {
  id?: string;
  userName: string;
  externalId?: string;
  displayName?: string;
  active?: boolean;
  createdAt?: Date;
  updatedAt?: Date;
  resource?: Record<string, unknown>;
}

export interface GroupSeed {
  id?: string;
  displayName: string;
  externalId?: string;
  /** userNames of members. */
  members?: string[];
}

export async function openTestDatabase() {
  const client = new PGlite();
  const db = drizzle({ client, schema });
  await migrate(db, {
    migrationsFolder: path.join(import.meta.dirname, "migrations"),
  });

  return { client, db };
}

/** Creates a workspace holding the users and groups; returns its id. */
export async function seedWorkspace(
  { db }: TestDatabase,
  seed: { users: UserSeed[]; groups?: GroupSeed[] },
): Promise<string> {
  const suffix = randomUUID();
  const [workspace] = await db
    .insert(schema.workspaces)
    .values({ name: "Filters", slug: `filters-${suffix}`, plan: "enterprise" })
    .returning({ id: schema.workspaces.id });
  const scimIds = new Map<string, string>();

  for (const user of seed.users) {
    const [account] = await db
      .insert(schema.users)
      .values({ email: `${user.userName}-${suffix}@example.test` })
      .returning({ id: schema.users.id });
    const [row] = await db
      .insert(schema.scimUsers)
      .values({
        ...user,
        workspaceId: workspace.id,
        userId: account.id,
        resource: user.resource ?? {},
      })
      .returning({ id: schema.scimUsers.id });
    scimIds.set(user.userName, row.id);
  }

  for (const { members = [], ...group } of seed.groups ?? []) {
    const [row] = await db
      .insert(schema.scimGroups)
      .values({ ...group, workspaceId: workspace.id })
      .returning({ id: schema.scimGroups.id });
    for (const userName of members) {
      await db.insert(schema.scimGroupMembers).values({
        workspaceId: workspace.id,
        groupId: row.id,
        scimUserId: scimIds.get(userName) ?? "",
      });
    }
  }

  return workspace.id;
}

export async function selectUserNames(
  { db }: TestDatabase,
  workspaceId: string,
  where: SQL,
): Promise<string[]> {
  const rows = await db
    .select({ userName: schema.scimUsers.userName })
    .from(schema.scimUsers)
    .where(and(eq(schema.scimUsers.workspaceId, workspaceId), where));

  return rows.map((r) => r.userName).sort();
}

export async function selectGroupNames(
  { db }: TestDatabase,
  workspaceId: string,
  where: SQL,
): Promise<string[]> {
  const rows = await db
    .select({ displayName: schema.scimGroups.displayName })
    .from(schema.scimGroups)
    .where(and(eq(schema.scimGroups.workspaceId, workspaceId), where));

  return rows.map((r) => r.displayName).sort();
}

/** A SCIM request context over the test database, for calling the services. */
export function testScimContext(
  { db }: TestDatabase,
  workspaceId: string,
): ScimContext {
  return {
    db: db as unknown as DbOrTx,
    workspaceId,
    workspaceName: "Test",
    tokenId: "00000000-0000-4000-8000-000000000000",
    ip: null,
    baseUrl: "https://roster.example/api/scim/v2",
    log: undefined as never,
  };
}
