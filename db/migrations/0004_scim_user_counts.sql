CREATE TABLE "scim_user_counts" (
	"workspace_id" uuid NOT NULL,
	"shard" smallint NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "scim_user_counts_workspace_id_shard_pk" PRIMARY KEY("workspace_id","shard")
);
--> statement-breakpoint
ALTER TABLE "scim_user_counts" ADD CONSTRAINT "scim_user_counts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Each statement that adds or removes SCIM users adds its count, per
-- workspace, to one shard: the transaction id's, so that concurrent
-- transactions spread over the shards while one transaction only ever locks
-- one shard per workspace (two shards taken in opposite orders could
-- deadlock). Decision 0016.
CREATE FUNCTION "scim_user_counts_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "scim_user_counts" AS "c" ("workspace_id", "shard", "n")
	SELECT "workspace_id", (txid_current() % 32)::smallint, count(*)
	FROM "added_users"
	GROUP BY "workspace_id"
	ORDER BY "workspace_id"
	ON CONFLICT ("workspace_id", "shard") DO UPDATE SET "n" = "c"."n" + excluded."n";
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- A workspace's deletion cascades into its users after the workspace row is
-- gone; its count rows go with it (ON DELETE CASCADE), so nothing is written
-- for a workspace that no longer exists.
CREATE FUNCTION "scim_user_counts_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "scim_user_counts" AS "c" ("workspace_id", "shard", "n")
	SELECT "r"."workspace_id", (txid_current() % 32)::smallint, -count(*)
	FROM "removed_users" "r"
	WHERE EXISTS (SELECT FROM "workspaces" "w" WHERE "w"."id" = "r"."workspace_id")
	GROUP BY "r"."workspace_id"
	ORDER BY "r"."workspace_id"
	ON CONFLICT ("workspace_id", "shard") DO UPDATE SET "n" = "c"."n" + excluded."n";
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- Roster never moves a person between workspaces; should a statement do it,
-- the person leaves one count and joins the other.
CREATE FUNCTION "scim_user_counts_move"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "scim_user_counts" AS "c" ("workspace_id", "shard", "n")
	SELECT "m"."workspace_id", (txid_current() % 32)::smallint, "m"."n"
	FROM (VALUES (OLD."workspace_id", -1), (NEW."workspace_id", 1)) AS "m" ("workspace_id", "n")
	WHERE EXISTS (SELECT FROM "workspaces" "w" WHERE "w"."id" = "m"."workspace_id")
	ORDER BY "m"."workspace_id"
	ON CONFLICT ("workspace_id", "shard") DO UPDATE SET "n" = "c"."n" + excluded."n";
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "scim_user_counts_clear"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM "scim_user_counts";
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "scim_user_counts_add" AFTER INSERT ON "scim_users"
	REFERENCING NEW TABLE AS "added_users"
	FOR EACH STATEMENT EXECUTE FUNCTION "scim_user_counts_add"();
--> statement-breakpoint
CREATE TRIGGER "scim_user_counts_remove" AFTER DELETE ON "scim_users"
	REFERENCING OLD TABLE AS "removed_users"
	FOR EACH STATEMENT EXECUTE FUNCTION "scim_user_counts_remove"();
--> statement-breakpoint
CREATE TRIGGER "scim_user_counts_move" AFTER UPDATE OF "workspace_id" ON "scim_users"
	FOR EACH ROW WHEN (OLD."workspace_id" IS DISTINCT FROM NEW."workspace_id")
	EXECUTE FUNCTION "scim_user_counts_move"();
--> statement-breakpoint
CREATE TRIGGER "scim_user_counts_clear" AFTER TRUNCATE ON "scim_users"
	FOR EACH STATEMENT EXECUTE FUNCTION "scim_user_counts_clear"();
--> statement-breakpoint
-- The counts of the users already there. Creating the triggers above locked
-- scim_users against writes until this migration commits, so no user is
-- counted twice or missed.
INSERT INTO "scim_user_counts" ("workspace_id", "shard", "n")
SELECT "workspace_id", 0, count(*) FROM "scim_users" GROUP BY "workspace_id";
