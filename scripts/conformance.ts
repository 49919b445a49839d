import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";

import newman from "newman";

import { connect } from "../db/connect";
import { createScimToken } from "../lib/tokens/create-scim-token";
import { updateProvisioningSettings } from "../lib/provisioning/update-settings";
import { createWorkspace } from "../lib/workspaces/create-workspace";

/**
 * Runs Microsoft's SCIM Postman collection (kept outside this repository)
 * against a running Roster and a fresh workspace, and prints each failed
 * assertion. Usage:
 *   npm run conformance -- <PostmanCollection.json> [--base-url URL] [--unique-external-ids]
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    "base-url": { type: "string", default: "http://127.0.0.1:3000" },
    // The collection sends the literal "${__UUID}" as every externalId; this
    // flag gives each request a fresh one, to see what the collision hides.
    "unique-external-ids": { type: "boolean", default: false },
  },
});
const collection = positionals[0];
if (!collection || !existsSync(collection)) {
  console.error(
    "Usage: npm run conformance -- <path to PostmanCollection.json> [--base-url URL]",
  );
  process.exit(2);
}
const base = new URL(values["base-url"] as string);

const connection = await connect();
const suffix = Date.now().toString(36);
const workspace = await createWorkspace(connection.db, {
  name: `Conformance ${suffix}`,
  slug: `conformance-${suffix}`,
  plan: "enterprise",
});
await updateProvisioningSettings(connection.db, {
  workspaceId: workspace.id,
  change: { enabled: true },
  actorUserId: null,
});
const { token } = await createScimToken(connection.db, {
  workspaceId: workspace.id,
  label: "conformance",
  actorUserId: null,
});
await connection.close();

const folders = [
  "Endpoint tests",
  "User tests",
  "Group tests",
  "ComplexAttribute tests",
  "User tests with garbage",
  "Group tests with garbage",
  "Teardown garbage",
];

const source = readFileSync(collection, "utf8");
const collectionJson = JSON.parse(
  values["unique-external-ids"]
    ? source.replaceAll("${__UUID}", "{{$guid}}")
    : source,
) as object;

newman.run(
  {
    collection: collectionJson,
    folder: folders,
    envVar: [
      { key: "Protocol", value: base.protocol.replace(":", "") },
      { key: "Server", value: base.hostname },
      { key: "Port", value: base.port ? `:${base.port}` : "" },
      { key: "Api", value: "api/scim/v2" },
      { key: "token", value: token },
    ],
    reporters: [],
  },
  (error, summary) => {
    if (error) {
      console.error(`newman failed: ${error.message}`);
      process.exit(1);
    }
    const failures = summary.run.failures.map((f) => ({
      request: f.source?.name ?? "",
      assertion: f.error.test ?? f.error.name,
      message: f.error.message,
    }));
    for (const f of failures)
      console.log(`✗ ${f.request} — ${f.assertion}: ${f.message}`);
    const { total = 0, failed = 0 } = summary.run.stats.assertions;
    console.log(
      `\n${total - failed} passed, ${failed} failed (workspace ${workspace.slug})`,
    );
  },
);
