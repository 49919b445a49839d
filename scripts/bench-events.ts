import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";

import { eq, sql } from "drizzle-orm";

import { startPrivateCluster } from "./bench/cluster";

/**
 * The cost of the activity log: N SCIM requests (creates, lookups, PATCHes)
 * through the in-process SCIM engine (`handleScimRequest`, the function the
 * route handler calls, without Next.js around it) on real PostgreSQL, once
 * with ROSTER_EVENTS=off and once with recording on, then counts the events.
 * A benchmark: it prints figures and exits non-zero only when the event
 * count is wrong.
 *   npm run bench:events [-- --requests 10000 --concurrency 10 --rounds 2]
 */
const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "10000" },
    concurrency: { type: "string", default: "10" },
    rounds: { type: "string", default: "2" },
  },
});
const total = Number(values.requests);
const concurrency = Number(values.concurrency);
// Rounds alternate off/on as off, on, on, off, … so that neither setting
// always runs on a warmer or a fuller database.
const rounds = Math.max(1, Number(values.rounds));

// Before the app's modules load: quiet logs, and no 429s from the limiter
// (its database write per request still happens and is measured).
process.env.LOG_LEVEL ??= "warn";
process.env.SCIM_RATE_LIMIT_PER_MINUTE = "100000000";

const cleanups: (() => unknown)[] = [];
try {
  await main();
} finally {
  for (const step of cleanups.reverse()) await step();
}

async function main() {
  let url = process.env.DATABASE_URL;
  if (!url) {
    const cluster = await startPrivateCluster();
    if (!cluster) {
      console.error(
        "npm run bench:events needs PostgreSQL: set DATABASE_URL, or install PostgreSQL 15 for a private throw-away cluster.",
      );
      process.exit(1);
    }
    cleanups.push(() => cluster.stop());
    url = cluster.url;
    console.log(`private PostgreSQL cluster at ${url}`);
  }

  const { createDatabase } = await import("../db/client");
  const { migrateDatabase } = await import("../db/migrate");
  const { provisioningEvents } = await import("../db/schema");
  const { settleProvisioningEvents } =
    await import("../lib/activity/record-provisioning-event");
  const { updateProvisioningSettings } =
    await import("../lib/provisioning/update-settings");
  const { handleScimRequest } =
    await import("../lib/scim-api/handle-scim-request");
  const { createScimToken } = await import("../lib/tokens/create-scim-token");
  const { createWorkspace } =
    await import("../lib/workspaces/create-workspace");

  const { db, client } = createDatabase(url);
  cleanups.push(() => client.end({ timeout: 5 }));
  await migrateDatabase(db);

  const stamp = Date.now().toString(36);
  const newWorkspace = async (label: string) => {
    const workspace = await createWorkspace(db, {
      name: `Bench events ${label} ${stamp}`,
      slug: `bench-events-${label}-${stamp}`,
      plan: "enterprise",
    });
    await updateProvisioningSettings(db, {
      workspaceId: workspace.id,
      change: { enabled: true },
      actorUserId: null,
    });
    const { token } = await createScimToken(db, {
      workspaceId: workspace.id,
      label: "bench",
      actorUserId: null,
    });

    return { id: workspace.id, token, label };
  };

  /** Runs `total` requests, `concurrency` at a time; returns latencies. */
  const run = async (workspace: { token: string; label: string }) => {
    const created: string[] = [];
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < total) {
        const n = next++;
        const request = requestFor(n, workspace, created);
        const before = performance.now();
        const response = await handleScimRequest(db, request);
        latencies.push(performance.now() - before);
        if (response.status >= 400) {
          throw new Error(`request ${n} answered ${response.status}`);
        }
        const id = (response.body as { id?: string } | undefined)?.id;
        if (request.method === "POST" && id) created.push(id);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;

    return { latencies, seconds };
  };

  const countEvents = async (workspaceId: string) => {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(provisioningEvents)
      .where(eq(provisioningEvents.workspaceId, workspaceId));

    return row.n;
  };

  const warmup = await newWorkspace("warmup");
  console.log(
    `\n${total} requests per run (1 create : 1 lookup : 1 PATCH), ${concurrency} at a time, in-process handleScimRequest, pool ${process.env.DATABASE_POOL_SIZE ?? 10}, ${rounds} round(s) of off and on\n`,
  );
  process.env.ROSTER_EVENTS = "off";
  await run({ ...warmup, label: "warmup" });

  const results = { off: [] as RunResult[], on: [] as RunResult[] };
  const order = Array.from({ length: rounds }, (_, i) =>
    i % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const),
  ).flat();
  let isCountRight = true;
  for (const [index, mode] of order.entries()) {
    const workspace = await newWorkspace(`${mode}${index}`);
    process.env.ROSTER_EVENTS = mode;
    const result = await run(workspace);
    const settleStarted = performance.now();
    await settleProvisioningEvents();
    const settleMs = performance.now() - settleStarted;
    const count = await countEvents(workspace.id);
    const expected = mode === "on" ? total : 0;
    isCountRight &&= count === expected;
    report(`events ${mode.padEnd(3)}`, result);
    console.log(
      `           events written ${count} (expected ${expected}); the last settled ${settleMs.toFixed(0)} ms after the last answer`,
    );
    results[mode].push(result);
  }
  const offRun = merge(results.off);
  const onRun = merge(results.on);

  console.log("\nchange with events on (negative is faster):");
  for (const name of ["p50", "p90", "p99", "mean"] as const) {
    const a = stat(offRun.latencies, name);
    const b = stat(onRun.latencies, name);
    console.log(
      `  ${name.padEnd(10)} ${a.toFixed(2).padStart(7)} ms → ${b.toFixed(2).padStart(7)} ms  ${percent(a, b)}`,
    );
  }
  const rateOff = offRun.latencies.length / offRun.seconds;
  const rateOn = onRun.latencies.length / onRun.seconds;
  console.log(
    `  throughput ${rateOff.toFixed(0).padStart(7)} /s → ${rateOn.toFixed(0).padStart(7)} /s  ${percent(rateOff, rateOn)}`,
  );
  console.log(
    "\nThe machine may be shared; run it twice and compare before trusting a few per cent.",
  );

  if (!isCountRight) {
    console.error("event count mismatch");
    process.exitCode = 1;
  }
}

interface RunResult {
  latencies: number[];
  seconds: number;
}

function merge(runs: RunResult[]): RunResult {
  return {
    latencies: runs.flatMap((r) => r.latencies),
    seconds: runs.reduce((sum, r) => sum + r.seconds, 0),
  };
}

function requestFor(
  n: number,
  workspace: { token: string; label: string },
  created: string[],
) {
  const kind = created.length === 0 ? 0 : n % 3;
  const userName = `u-${n}-${workspace.label}@bench.example`;
  const some = created[n % created.length];
  const base = {
    query: new URLSearchParams(),
    headers: new Headers({
      authorization: `Bearer ${workspace.token}`,
      "content-type": "application/scim+json",
      "user-agent": "Okta SCIM Client 1.0.0",
    }),
    bodyText: null as string | null,
    ip: "127.0.0.1",
    baseUrl: "http://127.0.0.1/api/scim/v2",
    requestId: randomUUID(),
  };
  if (kind === 0) {
    return {
      ...base,
      method: "POST",
      segments: ["Users"],
      bodyText: JSON.stringify({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName,
        password: "not-stored-anywhere",
        name: { givenName: "Bench", familyName: `User ${n}` },
        emails: [{ value: userName, type: "work", primary: true }],
        active: true,
      }),
    };
  }
  if (kind === 1) {
    return {
      ...base,
      method: "GET",
      segments: ["Users", some],
    };
  }

  return {
    ...base,
    method: "PATCH",
    segments: ["Users", some],
    bodyText: JSON.stringify({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "replace", path: "name.familyName", value: `Renamed ${n}` },
      ],
    }),
  };
}

function stat(values: number[], name: "p50" | "p90" | "p99" | "mean") {
  if (name === "mean") return values.reduce((a, b) => a + b, 0) / values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const q = { p50: 0.5, p90: 0.9, p99: 0.99 }[name];

  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function percent(before: number, after: number) {
  const change = ((after - before) / before) * 100;

  return `${change >= 0 ? "+" : ""}${change.toFixed(1)} %`;
}

function report(
  label: string,
  result: { latencies: number[]; seconds: number },
) {
  console.log(
    `${label}: ${(result.latencies.length / result.seconds).toFixed(0)} req/s, p50 ${stat(result.latencies, "p50").toFixed(2)} ms, p90 ${stat(result.latencies, "p90").toFixed(2)} ms, p99 ${stat(result.latencies, "p99").toFixed(2)} ms, ${result.seconds.toFixed(1)} s`,
  );
}
