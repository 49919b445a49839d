import { spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { createDatabase } from "../db/client";
import { openEmbeddedDatabase } from "../db/embedded";
import { migrateDatabase } from "../db/migrate";

/**
 * `npm test`: every suite, in order — unit, HTTP integration against a
 * production build, and Playwright in Chromium. With DATABASE_URL the suites
 * use that PostgreSQL; without it, a throw-away embedded database.
 */
const suites = new Set(process.argv.slice(2).filter((a) => !a.startsWith("-")));
const wants = (name: string) => suites.size === 0 || suites.has(name);

type Env = Record<string, string | undefined>;
// Next's types make NODE_ENV required; child processes choose their own.
const asProcessEnv = (e: Env) => e as unknown as NodeJS.ProcessEnv;

const run = (command: string, args: string[], env: Env) =>
  new Promise<number>((resolve) => {
    const child = spawn(command, args, {
      stdio: "inherit",
      env: asProcessEnv(env),
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === "object" && address ? address.port : 0),
      );
    });
  });
}

async function waitForServer(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `The server did not answer at ${url} within ${timeoutMs / 1000}s.`,
  );
}

// DESIGN.md: logs hold ids, never tokens, passwords or emails. Every test
// token, password and email has one of these shapes.
const SECRET_PATTERNS = [
  /roster_scim_[0-9A-Za-z]{20,}/,
  /pw-[0-9a-f]{10}-secret/,
  /[\w.+-]+@(test\.example|example\.com|acme\.example)\b/,
];

function findSecretsInLog(log: string): string[] {
  return log
    .split("\n")
    .filter((line) => SECRET_PATTERNS.some((pattern) => pattern.test(line)))
    .map((line) => `  ${line.slice(0, 200)}`);
}

const tempDir = mkdtempSync(path.join(tmpdir(), "roster-test-"));
const embedded = process.env.DATABASE_URL
  ? null
  : await openEmbeddedDatabase(path.join(tempDir, "pglite"));
const env: Env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? embedded?.url,
  ROSTER_EMBEDDED_DB: embedded ? "1" : "0",
  NEXTAUTH_SECRET:
    process.env.NEXTAUTH_SECRET ??
    "test-secret-not-for-production-use-0123456789",
  NEXT_TELEMETRY_DISABLED: "1",
};
// next build and next start choose their own NODE_ENV.
delete env.NODE_ENV;

const { db, client } = createDatabase(env.DATABASE_URL as string, {
  embedded: Boolean(embedded),
});
await migrateDatabase(db);
await client.end();

const failures: string[] = [];
const npx = (args: string[], extraEnv: Env = {}) =>
  run("npx", args, { ...env, ...extraEnv });

if (wants("unit") && (await npx(["vitest", "run"])) !== 0)
  failures.push("unit");

if (wants("http") || wants("browser")) {
  if (!process.env.ROSTER_SKIP_BUILD && (await npx(["next", "build"])) !== 0) {
    failures.push("build");
  } else {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const serverLogPath = path.join(tempDir, "server.log");
    const serverLog = openSync(serverLogPath, "a");
    const server = spawn(
      "npx",
      ["next", "start", "--port", String(port), "--hostname", "127.0.0.1"],
      {
        stdio: ["ignore", serverLog, serverLog],
        env: asProcessEnv({
          ...env,
          NEXTAUTH_URL: baseUrl,
          LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
        }),
        detached: true,
      },
    );
    try {
      await waitForServer(`${baseUrl}/signin`, 120_000);
      // The fuzz suite runs the SCIM engine in-process; its refusals are not news.
      const testEnv = { ROSTER_TEST_BASE_URL: baseUrl, LOG_LEVEL: "error" };
      if (
        wants("http") &&
        (await npx(
          ["vitest", "run", "--config", "vitest.http.config.ts"],
          testEnv,
        )) !== 0
      ) {
        failures.push("http");
      }
      if (
        wants("browser") &&
        (await npx(["playwright", "test"], testEnv)) !== 0
      )
        failures.push("browser");
    } finally {
      if (server.pid) process.kill(-server.pid, "SIGTERM");
    }
    const leaks = findSecretsInLog(readFileSync(serverLogPath, "utf8"));
    if (leaks.length > 0) {
      console.error(
        `The server log holds secrets or personal data:\n${leaks.join("\n")}`,
      );
      failures.push("log hygiene");
    }
    if (failures.length > 0) {
      console.error(
        `\nLast lines of the server log:\n${readFileSync(serverLogPath, "utf8").split("\n").slice(-40).join("\n")}`,
      );
    }
  }
}

await embedded?.stop();
rmSync(tempDir, { recursive: true, force: true });
const ran = ["unit", "http", "browser"].filter(wants);
const passed = ran.filter((suite) => !failures.includes(suite)).length;
// The plain closing line CI reads: suites passed and failed.
console.log(`\nsuites: ${passed} passed, ${failures.length} failed`);
if (failures.length > 0) {
  console.error(`Failed: ${failures.join(", ")}`);
  process.exit(1);
}
