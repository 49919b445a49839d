-- Token hashes are unique (256 random bits each); a unique index lets the
-- lookup every SCIM request starts with read one row by a plain index scan.
-- The (workspace, hash) key it makes redundant goes.
DROP INDEX "scim_tokens_hash_key";--> statement-breakpoint
DROP INDEX "scim_tokens_hash_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "scim_tokens_hash_idx" ON "scim_tokens" USING btree ("token_hash");