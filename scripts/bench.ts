import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { sql } from "drizzle-orm";

import { createDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { updateProvisioningSettings } from "../lib/provisioning/update-settings";
import { createScimToken } from "../lib/tokens/create-scim-token";
import { createWorkspace } from "../lib/workspaces/create-workspace";
import {
  buildApp,
  cpuSecondsOf,
  nodeArgsFrom,
  sampleRss,
  startApp,
  type AppServer,
} from "./bench/app-server";
import { freePort, startPrivateCluster, type Cluster } from "./bench/cluster";
import { buildServer } from "./build-server";
import { formatResult, runLoad, type LoadResult } from "./bench/load";
import { printTargets } from "./bench/report";
import { seedBenchWorkspace } from "./bench/seed";

/**
 * Load-tests the production build's SCIM API against a workspace of N people
 * on real PostgreSQL, and a bare node:http server (the floor) answering the
 * same lookup. A benchmark, not a test: it prints figures and asserts nothing.
 *   npm run bench [-- --users 100000 --duration 10 --connections 50 --skip-build --plain-next]
 */
const { values } = parseArgs({
  options: {
    users: { type: "string", default: "10000" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    "skip-build": { type: "boolean", default: false },
    // Measure plain `next start` (the route handler) instead of `npm start`.
    "plain-next": { type: "boolean", default: false },
    // Run only these scenarios (comma-separated): lookup, externalId, page,
    // create, deactivate, bodies.
    only: { type: "string" },
    "floor-pool": { type: "string", default: "10" },
  },
});
const onlyScenarios = values.only?.split(",").map((name) => name.trim());
const runs = (scenario: string) =>
  !onlyScenarios || onlyScenarios.includes(scenario);
const size = Number(values.users);
const duration = Math.min(30, Number(values.duration));
const connections = Number(values.connections);
// The app's pool: DATABASE_POOL_SIZE when set, else the app's own default
// (db/client.ts). The floor keeps 10 connections, its best on two cores.
const appPoolSize = process.env.DATABASE_POOL_SIZE;
const floorPoolSize = values["floor-pool"];

// The pause before each of the app's scenarios.
const SETTLE_MS = 2_000;

const cleanups: (() => unknown)[] = [];
// The private cluster's postmaster, for PostgreSQL's CPU per request.
let clusterPid: number | undefined;
async function cleanUp() {
  for (const step of cleanups.splice(0).reverse()) {
    try {
      await step();
    } catch (error) {
      console.error("cleanup step failed:", error);
    }
  }
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

try {
  await main();
} finally {
  await cleanUp();
}

async function main() {
  const url = process.env.DATABASE_URL ?? (await privateCluster()).url;
  const { db, close } = createDatabase(url);
  cleanups.push(() => close());
  await migrateDatabase(db);

  const stamp = Date.now().toString(36);
  const workspace = await createWorkspace(db, {
    name: `Bench ${stamp}`,
    slug: `bench-${stamp}`,
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
  await seedBenchWorkspace(db, workspace.id, size, stamp, {
    withMemberships: true,
  });
  const ids = (
    (await db.execute(sql`
      select id from scim_users where workspace_id = ${workspace.id}
      order by random()`)) as unknown as { id: string }[]
  ).map((row) => row.id);

  const randomUserName = () =>
    `user-${1 + Math.floor(Math.random() * size)}-${stamp}@bench.example`;
  const userNameLookup = () => ({
    path: `/api/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${randomUserName()}"`)}`,
  });
  const load = async (
    server: { baseUrl: string; pid: number },
    next: () => { path: string; body?: string },
    extra: { method?: "GET" | "POST" | "PATCH"; seconds?: number } = {},
  ) => {
    const cpuBefore = cpuSecondsOf(server.pid);
    const dbBefore = clusterPid ? cpuSecondsOf(clusterPid) : 0;
    const result = await runLoad({
      url: server.baseUrl,
      token,
      connections,
      duration: extra.seconds ?? duration,
      method: extra.method,
      next,
    });
    const perRequest = (seconds: number) =>
      (seconds * 1000) / Math.max(1, result.requests);

    return {
      ...result,
      serverCpuMs: perRequest(cpuSecondsOf(server.pid) - cpuBefore),
      ...(clusterPid
        ? { dbCpuMs: perRequest(cpuSecondsOf(clusterPid) - dbBefore) }
        : {}),
    };
  };

  console.log(
    `\n${size} users; autocannon ${connections} connections, ${duration} s per scenario; pool ${appPoolSize || "the app's default"} (floor ${floorPoolSize}) connections\n`,
  );

  // The floor first, alone on the machine and on a table of exactly N people.
  const floor = await startFloor(url, workspace.id);
  await load(floor, userNameLookup, { seconds: 3 });
  const floorLookup = await load(floor, userNameLookup);
  console.log(formatResult("floor: userName eq", floorLookup));
  await floor.stop();

  const appPort = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_URL: url,
    NEXTAUTH_SECRET: "bench-only-secret",
    NEXTAUTH_URL: `http://127.0.0.1:${appPort}`,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    // The limiter would turn the load into 429s; its database write per
    // request still happens and is part of what is measured.
    SCIM_RATE_LIMIT_PER_MINUTE: "100000000",
  };
  if (!values["skip-build"] || !existsSync(path.resolve(".next"))) {
    buildApp(env);
  }
  // The server `npm start` runs, made again on every run (it takes a
  // second): --skip-build never measures a stale one.
  if (!values["plain-next"]) await buildServer();
  const app: AppServer = await startApp(
    appPort,
    env,
    {
      path: "/api/scim/v2/ServiceProviderConfig",
      headers: { authorization: `Bearer ${token}` },
    },
    { plainNext: values["plain-next"] },
  );
  console.log(
    values["plain-next"]
      ? "app: plain `next start` (the SCIM route handler)"
      : "app: `npm start` (the node:http SCIM front and Next.js, one process)",
  );
  cleanups.push(() => app.stop());
  const rss = sampleRss(app.child.pid!);
  cleanups.push(() => rss.stop());
  const appServer = { baseUrl: app.baseUrl, pid: app.child.pid! };

  await load(appServer, userNameLookup, { seconds: 3 });
  const scenarioOf: Record<string, string> = {
    "GET userName eq": "lookup",
    "GET externalId eq": "externalId",
    "GET deepest page (count=100)": "page",
    "POST /Users": "create",
    "PATCH deactivate": "deactivate",
  };
  const results: Record<string, LoadResult> = {};
  const measure = async (
    label: string,
    next: () => { path: string; body?: string },
    method?: "GET" | "POST" | "PATCH",
  ) => {
    if (!runs(scenarioOf[label])) return;
    // Each scenario starts on a quiet machine, as it would run alone: the
    // last one's activity rows are written, and its garbage collected.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    results[label] = await load(appServer, next, { method });
    console.log(formatResult(label, results[label]));
  };

  await measure("GET userName eq", userNameLookup);
  await measure("GET externalId eq", () => ({
    path: `/api/scim/v2/Users?filter=${encodeURIComponent(`externalId eq "ext-${1 + Math.floor(Math.random() * size)}"`)}`,
  }));
  await measure("GET deepest page (count=100)", () => ({
    path: `/api/scim/v2/Users?startIndex=${Math.max(1, size - 99)}&count=100`,
  }));
  let created = 0;
  await measure(
    "POST /Users",
    () => {
      const n = ++created;
      const email = `new-${n}-${stamp}@bench.example`;

      return {
        path: "/api/scim/v2/Users",
        body: JSON.stringify({
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
          userName: email,
          externalId: `new-ext-${n}-${stamp}`,
          name: { givenName: "New", familyName: `User ${n}` },
          emails: [{ value: email, type: "work", primary: true }],
          active: true,
        }),
      };
    },
    "POST",
  );
  let deactivated = 0;
  await measure(
    "PATCH deactivate",
    () => ({
      path: `/api/scim/v2/Users/${ids[deactivated++ % ids.length]}`,
      body: JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "replace", value: { active: false } }],
      }),
    }),
    "PATCH",
  );
  if (deactivated > ids.length) {
    console.log(`note: ${deactivated} PATCHes cycled over ${ids.length} users`);
  }

  const memory = rss.stop();
  // Not a target of its own: the worst bodies a client may send (just under
  // the 1 MiB limit, each refused), so the memory figure covers them too.
  if (runs("bodies")) {
    const bodies = largeBodies();
    const bodiesRss = sampleRss(app.child.pid!);
    let sent = 0;
    const result = await load(
      appServer,
      () => ({
        path: "/api/scim/v2/Users",
        body: bodies[sent++ % bodies.length],
      }),
      { method: "POST" },
    );
    console.log(formatResult("POST 1 MiB bodies (all refused)", result));
    console.log(
      `app RSS during the 1 MiB bodies, max: ${bodiesRss.stop().maxMb.toFixed(0)} MB (not a target: the worst a client may send)`,
    );
  }

  await app.stop();
  console.log(
    `app RSS (the app process and its children), max of ${memory.samples} samples every 500 ms: ${memory.maxMb.toFixed(0)} MB`,
  );
  printTargets(results, floorLookup, memory.maxMb);
}

/** Three bodies of almost 1 MiB each that Roster refuses: long, wide, deep-ish. */
function largeBodies(): string[] {
  const limit = 1024 * 1024 - 1024;
  const schemas = ["urn:ietf:params:scim:schemas:core:2.0:User"];
  const manyEmails = Array.from({ length: 20_000 }, (_, i) => ({
    value: `p${i}@x.example`,
  }));

  return [
    JSON.stringify({
      schemas,
      userName: "long@x.example",
      title: "t".repeat(limit - 200),
    }),
    JSON.stringify({ schemas, userName: "wide@x.example", emails: manyEmails })
      .slice(0, limit)
      .replace(/,[^,]*$/, "]}"),
    `[${Array(Math.floor(limit / 3))
      .fill("{}")
      .join(",")}]`,
  ];
}

async function privateCluster(): Promise<Cluster> {
  const cluster = await startPrivateCluster();
  if (!cluster) {
    console.error(
      "npm run bench needs PostgreSQL: set DATABASE_URL to a database it may fill with benchmark rows, or install PostgreSQL 15 (/usr/lib/postgresql/15/bin/initdb) for a private throw-away cluster.",
    );
    process.exit(1);
  }
  cleanups.push(() => cluster.stop());
  clusterPid = cluster.pid;
  console.log(`private PostgreSQL cluster at ${cluster.url}`);

  return cluster;
}

async function startFloor(url: string, workspaceId: string) {
  const port = await freePort();
  const child = fork(path.resolve("scripts/bench/floor-server.ts"), {
    // BENCH_FLOOR_NODE_ARGS: extra Node options, as BENCH_APP_NODE_ARGS.
    execArgv: [...nodeArgsFrom("BENCH_FLOOR_NODE_ARGS"), "--import", "tsx"],
    env: {
      ...process.env,
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: floorPoolSize,
      FLOOR_WORKSPACE_ID: workspaceId,
      FLOOR_PORT: String(port),
    },
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  cleanups.push(stop);
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", () => reject(new Error("the floor server exited")));
  });

  return { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid!, stop };
}
