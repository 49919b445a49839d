import { parseArgs } from "node:util";

import { sql } from "drizzle-orm";

import { connect } from "../db/connect";
import { migrateDatabase } from "../db/migrate";
import { compileGroupFilter, compileUserFilter } from "../db/scim-filter-sql";
import { scimGroups, scimUsers } from "../db/schema";
import { logger } from "../lib/logger";
import { listScimUsersPage } from "../lib/provisioning/read-scim-users";
import type { ScimContext } from "../lib/provisioning/scim-context";
import { parseFilter } from "../lib/scim/filter/parse";
import { parseListParams } from "../lib/scim/list-params";
import { createWorkspace } from "../lib/workspaces/create-workspace";
import { seedBenchWorkspace } from "./bench/seed";

/**
 * Prints filter-lookup and list-page latency for workspaces of 10k and 100k
 * users (or --users N), and the plans of the indexed lookups. A benchmark,
 * not a test: it prints figures and asserts nothing.
 *   npm run bench:filters [-- --users 10000,100000 --iterations 200]
 */
const { values } = parseArgs({
  options: {
    users: { type: "string", default: "10000,100000" },
    iterations: { type: "string", default: "200" },
  },
});
const sizes = (values.users as string).split(",").map(Number);
const iterations = Number(values.iterations);

const connection = await connect();
const { db } = connection;
if (connection.isEmbedded) await migrateDatabase(db);
console.log(
  `database: ${connection.isEmbedded ? "embedded PGlite" : "DATABASE_URL"}; ${iterations} iterations per figure\n`,
);

for (const size of sizes) {
  const stamp = `${size}-${Date.now().toString(36)}`;
  const workspace = await createWorkspace(db, {
    name: `Bench ${stamp}`,
    slug: `bench-${stamp}`,
    plan: "enterprise",
  });
  await seedBenchWorkspace(db, workspace.id, size, stamp);
  const ctx: ScimContext = {
    db,
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    tokenId: workspace.id,
    ip: null,
    baseUrl: "http://bench/api/scim/v2",
    log: logger,
  };
  const middle = Math.floor(size / 2);
  const cases: [string, string][] = [
    [
      "userName eq",
      `filter=${encodeURIComponent(`userName eq "user-${middle}-${stamp}@bench.example"`)}`,
    ],
    [
      "externalId eq",
      `filter=${encodeURIComponent(`externalId eq "ext-${middle}"`)}`,
    ],
    ["first page (count=100)", "startIndex=1&count=100"],
    ["deepest page (count=100)", `startIndex=${size - 99}&count=100`],
  ];
  console.log(`== ${size} users ==`);
  for (const [label, query] of cases) {
    const params = parseListParams((n) => new URLSearchParams(query).get(n));
    const times = await measure(() => listScimUsersPage(ctx, params));
    console.log(
      `${label.padEnd(26)} p50 ${times.p50.toFixed(2)} ms  p99 ${times.p99.toFixed(2)} ms`,
    );
  }
  await explain(
    "userName eq",
    scimUsers,
    workspace.id,
    compileUserFilter(
      parseFilter(`userName eq "user-${middle}-${stamp}@bench.example"`),
    ),
  );
  await explain(
    "externalId eq",
    scimUsers,
    workspace.id,
    compileUserFilter(parseFilter(`externalId eq "ext-${middle}"`)),
  );
  await explain(
    "group displayName eq",
    scimGroups,
    workspace.id,
    compileGroupFilter(parseFilter(`displayName eq "Group ${middle % 500}"`)),
  );
  console.log("");
}
await connection.close();

async function measure(work: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);

  return {
    p50: times[Math.floor(times.length * 0.5)],
    p99: times[Math.floor(times.length * 0.99)],
  };
}

async function explain(
  label: string,
  table: typeof scimUsers | typeof scimGroups,
  workspaceId: string,
  where: ReturnType<typeof compileUserFilter>,
) {
  const query = db
    .select({ id: table.id })
    .from(table)
    .where(sql`${table.workspaceId} = ${workspaceId} and ${where}`);
  const { sql: text, params } = query.toSQL();
  const rows = await connection.db.execute(
    sql.raw(`explain ${inline(text, params)}`),
  );
  const plan = (rows as unknown as Record<string, string>[]).map(
    (r) => Object.values(r)[0],
  );
  console.log(
    `EXPLAIN ${label}: ${plan.find((line) => /Index|Seq Scan/.test(line))?.trim()}`,
  );
}

function inline(text: string, params: unknown[]) {
  return text.replace(
    /\$(\d+)/g,
    (_, i: string) =>
      `'${String(params[Number(i) - 1]).replaceAll("'", "''")}'`,
  );
}
