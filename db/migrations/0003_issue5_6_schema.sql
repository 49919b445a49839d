CREATE TABLE "group_role_mappings" (
	"workspace_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"role" "workspace_role" NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_role_mappings_workspace_id_group_id_pk" PRIMARY KEY("workspace_id","group_id"),
	CONSTRAINT "group_role_mapping_not_owner" CHECK ("group_role_mappings"."role" <> 'owner')
);
--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "token_hash" text;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provisioning_events" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "provisioning_events" ADD COLUMN "request_body" jsonb;--> statement-breakpoint
ALTER TABLE "provisioning_settings" ADD COLUMN "event_retention_days" integer DEFAULT 180 NOT NULL;--> statement-breakpoint
ALTER TABLE "provisioning_settings" ADD COLUMN "events_pruned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "group_role_mappings" ADD CONSTRAINT "group_role_mappings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_role_mappings" ADD CONSTRAINT "group_role_mappings_workspace_id_group_id_scim_groups_workspace_id_id_fk" FOREIGN KEY ("workspace_id","group_id") REFERENCES "public"."scim_groups"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" USING btree ("token_hash") WHERE "invitations"."token_hash" is not null;--> statement-breakpoint
CREATE INDEX "provisioning_events_resource_idx" ON "provisioning_events" USING btree ("workspace_id","resource_id","id");--> statement-breakpoint
ALTER TABLE "provisioning_settings" ADD CONSTRAINT "provisioning_event_retention_range" CHECK ("provisioning_settings"."event_retention_days" between 1 and 3650);