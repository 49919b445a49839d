import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  foreignKey,
  index,
  inet,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// Every table that belongs to a workspace leads its keys with workspace_id so
// the schema can be distributed by workspace later (DESIGN.md, data model).

export const planEnum = pgEnum("plan", ["free", "team", "enterprise"]);
export const roleEnum = pgEnum("workspace_role", [
  "owner",
  "admin",
  "editor",
  "developer",
  "reviewer",
]);
export const memberSourceEnum = pgEnum("member_source", ["manual", "scim"]);
export const reactivationPolicyEnum = pgEnum("reactivation_policy", [
  "restore_previous_role",
  "use_provisioning_role",
]);

const createdAt = () =>
  timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    passwordHash: text("password_hash"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`)],
);

export const workspaces = pgTable(
  "workspaces",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    plan: planEnum("plan").notNull().default("free"),
    personal: boolean("personal").notNull().default(false),
    ownerId: uuid("owner_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("workspaces_slug_key").on(t.slug)],
);

export const workspaceMembers = pgTable(
  "workspace_members",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    source: memberSourceEnum("source").notNull().default("manual"),
    scimManagedSince: timestamp("scim_managed_since", { withTimezone: true }),
    joinedAt: timestamp("joined_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    index("workspace_members_user_idx").on(t.userId),
  ],
);

export const scimUsers = pgTable(
  "scim_users",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    userName: text("user_name").notNull(),
    externalId: text("external_id"),
    active: boolean("active").notNull().default(true),
    displayName: text("display_name"),
    primaryEmail: text("primary_email"),
    // The SCIM document (core and extension attributes) without id and meta.
    resource: jsonb("resource").notNull().$type<Record<string, unknown>>(),
    roleBeforeDeactivation: roleEnum("role_before_deactivation"),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("scim_users_user_name_key").on(
      t.workspaceId,
      sql`lower(${t.userName})`,
    ),
    uniqueIndex("scim_users_external_id_key")
      .on(t.workspaceId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    uniqueIndex("scim_users_user_key").on(t.workspaceId, t.userId),
    index("scim_users_order_idx").on(t.workspaceId, t.createdAt, t.id),
    index("scim_users_display_name_idx").on(
      t.workspaceId,
      sql`lower(${t.displayName})`,
    ),
  ],
);

// The number of a workspace's SCIM users, kept by triggers on scim_users
// (migration 0004, decision 0016): the sum of its shards' n. A write adds to
// one of 32 shards, so that concurrent creates rarely wait on one row.
export const scimUserCounts = pgTable(
  "scim_user_counts",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    shard: smallint("shard").notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.shard] })],
);

export const scimGroups = pgTable(
  "scim_groups",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    displayName: text("display_name").notNull(),
    externalId: text("external_id"),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // displayName compares case-insensitively (RFC 7643 §4.2), so index lower().
    index("scim_groups_display_name_idx").on(
      t.workspaceId,
      sql`lower(${t.displayName})`,
    ),
    index("scim_groups_order_idx").on(t.workspaceId, t.createdAt, t.id),
  ],
);

export const scimGroupMembers = pgTable(
  "scim_group_members",
  {
    workspaceId: uuid("workspace_id").notNull(),
    groupId: uuid("group_id").notNull(),
    scimUserId: uuid("scim_user_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.groupId, t.scimUserId] }),
    foreignKey({
      columns: [t.workspaceId, t.groupId],
      foreignColumns: [scimGroups.workspaceId, scimGroups.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.workspaceId, t.scimUserId],
      foreignColumns: [scimUsers.workspaceId, scimUsers.id],
    }).onDelete("cascade"),
    index("scim_group_members_user_idx").on(t.workspaceId, t.scimUserId),
  ],
);

export const scimTokens = pgTable(
  "scim_tokens",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    tokenHash: text("token_hash").notNull(),
    fragment: text("fragment").notNull(),
    label: text("label").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    lastUsedIp: inet("last_used_ip"),
    lastUsedIdp: text("last_used_idp"),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // Authentication looks a token up by its hash before the workspace is
    // known. Unique (a hash of 256 random bits): PostgreSQL then reads the
    // one row with a plain index scan, which every SCIM request starts with.
    uniqueIndex("scim_tokens_hash_idx").on(t.tokenHash),
  ],
);

export const provisioningSettings = pgTable(
  "provisioning_settings",
  {
    workspaceId: uuid("workspace_id")
      .primaryKey()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    enabled: boolean("enabled").notNull().default(false),
    role: roleEnum("role").notNull().default("reviewer"),
    reactivationPolicy: reactivationPolicyEnum("reactivation_policy")
      .notNull()
      .default("restore_previous_role"),
    // Provisioning events older than this are pruned (issue 5).
    eventRetentionDays: integer("event_retention_days").notNull().default(180),
    eventsPrunedAt: timestamp("events_pruned_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
  },
  (t) => [
    check("provisioning_role_not_owner", sql`${t.role} <> 'owner'`),
    check(
      "provisioning_event_retention_range",
      sql`${t.eventRetentionDays} between 1 and 3650`,
    ),
  ],
);

// An IdP group whose members get a workspace role (issue 6). Owner is never
// granted by a mapping.
export const groupRoleMappings = pgTable(
  "group_role_mappings",
  {
    workspaceId: uuid("workspace_id").notNull(),
    groupId: uuid("group_id").notNull(),
    role: roleEnum("role").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.groupId] }),
    foreignKey({
      columns: [t.workspaceId, t.groupId],
      foreignColumns: [scimGroups.workspaceId, scimGroups.id],
    }).onDelete("cascade"),
    check("group_role_mapping_not_owner", sql`${t.role} <> 'owner'`),
  ],
);

export const provisioningEvents = pgTable(
  "provisioning_events",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: bigserial("id", { mode: "number" }).notNull(),
    requestId: text("request_id").notNull(),
    tokenId: uuid("token_id"),
    method: text("method").notNull(),
    path: text("path").notNull(),
    operation: text("operation").notNull(),
    status: integer("status").notNull(),
    outcome: text("outcome").notNull(),
    scimType: text("scim_type"),
    detail: text("detail"),
    resourceType: text("resource_type"),
    resourceId: uuid("resource_id"),
    idp: text("idp"),
    durationMs: integer("duration_ms").notNull(),
    // The affected person's userName or the group's displayName.
    subject: text("subject"),
    // The request body with secrets removed and other people's emails masked.
    requestBody: jsonb("request_body"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // By time for the log's date filters and the retention's pruning. No
    // index by resource: nothing reads the log by resource, and every SCIM
    // request writes a row (decision 0018).
    index("provisioning_events_time_idx").on(t.workspaceId, t.createdAt),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: bigserial("id", { mode: "number" }).notNull(),
    actorUserId: uuid("actor_user_id"),
    actorTokenId: uuid("actor_token_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    ip: text("ip"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("audit_events_time_idx").on(t.workspaceId, t.createdAt),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    source: memberSourceEnum("source").notNull(),
    // SHA-256 of the link secret that lets a new person set a password.
    tokenHash: text("token_hash"),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdAt: createdAt(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("invitations_token_hash_key")
      .on(t.tokenHash)
      .where(sql`${t.tokenHash} is not null`),
  ],
);

export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, {
      onDelete: "cascade",
    }),
    recipientUserId: uuid("recipient_user_id").references(() => users.id),
    template: text("template").notNull(),
    payload: jsonb("payload").notNull().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
  },
  (t) => [index("email_outbox_unsent_idx").on(t.createdAt)],
);

// Fixed-window request counters shared by every app instance (DESIGN.md:
// rate limits live in the database, not in process memory).
export const rateLimits = pgTable(
  "rate_limits",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] })],
);

// Failed sign-ins per email and per address, counted across instances.
export const signInThrottle = pgTable("sign_in_throttle", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  failures: integer("failures").notNull(),
});

export type WorkspaceRole = (typeof roleEnum.enumValues)[number];
export type Plan = (typeof planEnum.enumValues)[number];
