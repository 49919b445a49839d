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
 *   npm run bench:events [-- --requests 10000 --concurrency 10 --block 250]
 */
const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "10000" },
    concurrency: { type: "string", default: "10" },
    block: { type: "string", default: "250" },
  },
});
const total = Number(values.requests);
const concurrency = Number(values.concurrency);
// The two settings alternate in blocks (off, on, on, off, …) so that the
// load of a shared machine, which swings by a factor of two within minutes,
// falls on both alike.
const block = Math.max(1, Math.min(total, Number(values.block)));

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

  const { db, close } = createDatabase(url);
  cleanups.push(() => close());
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

  interface Stream {
    id: string;
    token: string;
    label: string;
    created: string[];
    sent: number;
    latencies: number[];
    seconds: number;
  }
  const streamOf = async (label: string): Promise<Stream> => ({
    ...(await newWorkspace(label)),
    created: [],
    sent: 0,
    latencies: [],
    seconds: 0,
  });

  /**
   * Sends the stream's next `count` requests, `concurrency` at a time, and
   * waits for their event writes, which count in the block's time.
   */
  const runBlock = async (stream: Stream, count: number) => {
    const end = stream.sent + count;
    const started = performance.now();
    const worker = async () => {
      while (stream.sent < end) {
        const n = stream.sent++;
        const request = requestFor(n, stream, stream.created);
        const before = performance.now();
        const response = await handleScimRequest(db, request);
        stream.latencies.push(performance.now() - before);
        if (response.status >= 400) {
          throw new Error(`request ${n} answered ${response.status}`);
        }
        const id = (response.body as { id?: string } | undefined)?.id;
        if (request.method === "POST" && id) stream.created.push(id);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await settleProvisioningEvents();
    stream.seconds += (performance.now() - started) / 1000;
  };

  const countEvents = async (workspaceId: string) => {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(provisioningEvents)
      .where(eq(provisioningEvents.workspaceId, workspaceId));

    return row.n;
  };

  console.log(
    `\n${total} requests per setting (1 create : 1 lookup : 1 PATCH), ${concurrency} at a time, in blocks of ${block} alternating off/on, in-process handleScimRequest, pool ${process.env.DATABASE_POOL_SIZE ?? "the default (db/client.ts)"}\n`,
  );
  const warmup = await streamOf("warmup");
  process.env.ROSTER_EVENTS = "off";
  await runBlock(warmup, Math.min(total, 1000));

  const streams = { off: await streamOf("off"), on: await streamOf("on") };
  for (let index = 0; streams.on.sent < total; index++) {
    const order =
      index % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const);
    for (const mode of order) {
      process.env.ROSTER_EVENTS = mode;
      await runBlock(
        streams[mode],
        Math.min(block, total - streams[mode].sent),
      );
    }
  }
  const counts = {
    off: await countEvents(streams.off.id),
    on: await countEvents(streams.on.id),
  };
  const isCountRight = counts.on === total && counts.off === 0;
  const offRun = streams.off;
  const onRun = streams.on;
  report("events off", offRun);
  report("events on ", onRun);
  console.log(
    `\nevents written: on ${counts.on} (expected ${total}), off ${counts.off} (expected 0)`,
  );

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
    "\nOn a shared machine figures swing; run it twice before trusting a few per cent.",
  );

  if (!isCountRight) {
    console.error("event count mismatch");
    process.exitCode = 1;
  }
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
