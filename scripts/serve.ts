import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

import { connect, type Connection } from "../db/connect";
import { DEFAULT_DATA_DIR } from "../db/embedded";
import { settleProvisioningEvents } from "../lib/activity/record-provisioning-event";
import { safeError } from "../lib/log-safe-error";
import { logger } from "../lib/logger";
import { flushScimRequestCounts } from "../lib/scim-api/request-counter";
import { settlesWithin } from "../lib/settles-within";
import { migrateDatabase, pendingMigrations } from "../db/migrate";
import { DEMO, seedDemo } from "../lib/seed/seed-demo";

/**
 * `npm run dev` and `npm start`: with no DATABASE_URL this process serves the
 * embedded database (migrated, and seeded in development) and hands its URL to
 * Next.js, so the app always speaks PostgreSQL through the `postgres` driver.
 *
 * `npm start` serves the production build in this process through the
 * node:http front (scripts/server.ts, decision 0012); `npm run dev` runs
 * `next dev` as a child, where the SCIM route handler answers /api/scim/v2
 * and every edit reloads.
 */
export async function serve(mode: "dev" | "start") {
  const connection = await connect();
  if (connection.isEmbedded) {
    await migrateDatabase(connection.db);
    if (mode === "dev") await seedDemo(connection.db);
  } else {
    await refuseUnmigrated(connection);
  }
  const port = process.env.PORT ?? "3000";
  const isEmbedded =
    connection.isEmbedded || process.env.ROSTER_EMBEDDED_DB === "1";
  const env = {
    DATABASE_URL: connection.url,
    ROSTER_EMBEDDED_DB: isEmbedded ? "1" : "0",
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? localSecret(mode),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1",
  };
  if (connection.isEmbedded && mode === "dev") printWelcome(port);

  // The development server seeds a demo owner whose password is printed, so
  // it listens on loopback only unless ROSTER_HOST says otherwise.
  const host =
    process.env.ROSTER_HOST ?? (mode === "dev" ? "127.0.0.1" : "0.0.0.0");

  if (mode === "start") {
    Object.assign(process.env, env);
    await serveProduction(connection, Number(port), host);

    return;
  }

  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const child = spawn(
    process.execPath,
    [nextBin, mode, "--port", port, "--hostname", host],
    { stdio: "inherit", env: { ...process.env, ...env } },
  );
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  const code = await new Promise<number>((resolve) =>
    child.on("exit", (c) => resolve(c ?? 0)),
  );
  await connection.close();
  process.exit(code);
}

async function serveProduction(
  connection: Connection,
  port: number,
  host: string,
) {
  // Before Next.js and React load: they pick their production builds by it.
  Object.assign(process.env, { NODE_ENV: "production" });
  const { startProductionServer } = await import("./server");
  const running = await startProductionServer({
    db: connection.db,
    port,
    hostname: host,
  }).catch(async (error: unknown) => {
    // A port in use, say. Next.js's handlers would turn a rejection here
    // into a logged error and an exit with status 0.
    console.error("Roster could not start:", error);
    await connection.close();
    process.exit(1);
  });
  console.log(`Roster is listening on http://${host}:${port}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // A second signal while closing ends the process at once.
    process.once("SIGINT", () => process.exit(130));
    process.once("SIGTERM", () => process.exit(143));
    let code = 0;
    try {
      await running.close();
      // Provisioning events and rate-limit counts of the last requests,
      // before the pools close. A database that does not answer holds the
      // exit for at most 10 + 2 s here and 5 s in the pools' end: with the
      // requests' 10 s, under the 30 s an orchestrator usually allows.
      if (!(await settleProvisioningEvents(10_000))) {
        logger.warn("provisioning events still unwritten at shutdown");
      }
      if (
        !(await settlesWithin(flushScimRequestCounts(connection.db), 2_000))
      ) {
        logger.warn("SCIM request counts still unwritten at shutdown");
      }
      // The pool the Next.js bundle opened (db/index.ts) on first use.
      const bundled = (
        globalThis as { rosterDb?: { close: () => Promise<void> } }
      ).rosterDb;
      await Promise.all([bundled?.close(), connection.close()]);
    } catch (error) {
      console.error("shutdown failed:", error);
      code = 1;
    }
    process.exit(code);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

/**
 * A database that lacks migrations of this build would answer every
 * request 500 (a missing table): say so and exit instead. One that cannot
 * be reached (within 10 s) is left to the requests, which answer 503
 * until it can.
 */
async function refuseUnmigrated(connection: Connection) {
  const checking = pendingMigrations(connection.db);
  try {
    if (!(await settlesWithin(checking, 10_000))) throw new Error("no answer");
    const pending = await checking;
    if (pending.length === 0) return;
    console.error(
      `The database lacks ${pending.length} of this build's migrations (${pending.join(", ")}): run \`npm run db:migrate\` with the same DATABASE_URL first (docs/deploy.md).`,
    );
  } catch (error) {
    logger.warn(
      { err: safeError(error) },
      "could not check the database's migrations at start-up",
    );
    return;
  }
  await connection.close();
  process.exit(1);
}

function localSecret(mode: "dev" | "start"): string {
  if (
    mode === "start" &&
    process.env.NODE_ENV === "production" &&
    !process.env.ROSTER_EMBEDDED_OK
  ) {
    console.warn(
      "NEXTAUTH_SECRET is not set; using a secret stored in .roster/. Set it in production.",
    );
  }
  const file = ".roster/nextauth-secret";
  if (!existsSync(file)) {
    mkdirSync(".roster", { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }

  return readFileSync(file, "utf8").trim();
}

function printWelcome(port: string) {
  console.log(`
  Roster is starting on the embedded database (${process.env.ROSTER_DATA_DIR ?? DEFAULT_DATA_DIR}).
  Open http://localhost:${port}/signin and sign in:
    owner   ${DEMO.owner.email} / ${DEMO.owner.password}
    member  ${DEMO.member.email} / ${DEMO.member.password}
  Workspace: http://localhost:${port}/w/${DEMO.workspace.slug}/settings/provisioning
  Emails (invitations, without SMTP): http://localhost:${port}/dev/outbox
`);
}
