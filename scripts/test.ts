import { spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { createDatabase } from "../db/client";
import { openEmbeddedDatabase } from "../db/embedded";
import { migrateDatabase } from "../db/migrate";
import {
  asProcessEnv,
  type Env,
  startAppServer,
} from "./test-support/app-servers";
import { buildServer } from "./build-server";
import { failureRecap } from "./test-support/failure-recap";

/**
 * `npm test`: every suite, in order — unit, HTTP integration against a
 * production build, and Playwright in Chromium. With DATABASE_URL the suites
 * use that PostgreSQL; without it, a throw-away embedded database.
 */
const suites = new Set(process.argv.slice(2).filter((a) => !a.startsWith("-")));
const wants = (name: string) => suites.size === 0 || suites.has(name);
// README screenshots are taken only when asked for: `npm test -- screenshots`.
const wantsScreenshots = suites.has("screenshots");
// ROSTER_TEST_ONLY=tokens,activity narrows vitest and Playwright to test
// files whose path contains one of these words, for a quick run while working.
const only = process.env.ROSTER_TEST_ONLY?.split(",").filter(Boolean) ?? [];
const vitestOnly = only.length > 0 ? ["--passWithNoTests", ...only] : [];
const playwrightOnly = only.length > 0 ? ["--pass-with-no-tests", ...only] : [];

const run = (command: string, args: string[], env: Env) =>
  new Promise<number>((resolve) => {
    const child = spawn(command, args, {
      stdio: "inherit",
      env: asProcessEnv(env),
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });

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
  ROSTER_DEV_OUTBOX: "1",
};
// next build and next start choose their own NODE_ENV.
delete env.NODE_ENV;

const { db, close } = createDatabase(env.DATABASE_URL as string, {
  embedded: Boolean(embedded),
});
await migrateDatabase(db);
await close();

const failures: string[] = [];
const npx = (args: string[], extraEnv: Env = {}) =>
  run("npx", args, { ...env, ...extraEnv });
/**
 * The production build, as `npm run build` makes it. ROSTER_SKIP_BUILD=1
 * keeps an earlier `next build`; the server bundle is made again anyway
 * (it takes a second), so the suites never run a stale SCIM front.
 */
async function buildProduction(): Promise<boolean> {
  if (!process.env.ROSTER_SKIP_BUILD && (await npx(["next", "build"])) !== 0)
    return false;
  try {
    await buildServer();

    return true;
  } catch (error) {
    console.error(error);

    return false;
  }
}

// Each suite also writes a JSON report; the failing tests are recapped last.
const reports: Parameters<typeof failureRecap>[0] = [];
const vitestReport = (suite: string) => {
  const file = path.join(tempDir, `${suite}.json`);
  reports.push({ suite, file, kind: "vitest" });

  return ["--reporter=default", "--reporter=json", `--outputFile.json=${file}`];
};

if (
  wants("unit") &&
  (await npx(["vitest", "run", ...vitestReport("unit"), ...vitestOnly])) !== 0
)
  failures.push("unit");

const wantsOutage = wants("outage") && Boolean(process.env.ROSTER_TEST_PG_STOP);
if (wants("http") || wants("browser") || wantsScreenshots || wantsOutage) {
  if (!(await buildProduction())) {
    failures.push("build");
  } else {
    const serverLogPath = path.join(tempDir, "server.log");
    const serverLog = openSync(serverLogPath, "a");
    // Two instances over one database (issue 7): the HTTP suites alternate
    // between them, so nothing may live in one process's memory.
    const servers = await Promise.all([
      startAppServer(env, serverLog),
      startAppServer(env, serverLog),
    ]);
    try {
      const testEnv = {
        ROSTER_TEST_BASE_URL: servers[0].baseUrl,
        ROSTER_TEST_BASE_URLS: servers.map((s) => s.baseUrl).join(","),
        // The fuzz suite runs the SCIM engine in-process; its refusals are not news.
        LOG_LEVEL: "error",
      };
      const vitest = (suite: string, config: string) =>
        npx(
          [
            "vitest",
            "run",
            "--config",
            config,
            ...vitestReport(suite),
            ...vitestOnly,
          ],
          testEnv,
        );
      if (
        wants("http") &&
        (await vitest("http", "vitest.http.config.ts")) !== 0
      ) {
        failures.push("http");
      }
      const browserReport = path.join(tempDir, "browser.json");
      reports.push({
        suite: "browser",
        file: browserReport,
        kind: "playwright",
      });
      if (
        wants("browser") &&
        (await npx(["playwright", "test", ...playwrightOnly], {
          ...testEnv,
          ROSTER_PLAYWRIGHT_JSON: browserReport,
        })) !== 0
      ) {
        failures.push("browser");
      }
      if (
        wantsScreenshots &&
        (await npx(
          [
            "playwright",
            "test",
            "--config",
            "playwright.screenshots.config.ts",
          ],
          testEnv,
        )) !== 0
      ) {
        failures.push("screenshots");
      }
      // Stops and restarts PostgreSQL, so it runs alone, after the others,
      // and only where the cluster is ours to stop (.ci/run says how).
      if (wantsOutage) {
        if ((await vitest("outage", "vitest.outage.config.ts")) !== 0)
          failures.push("outage");
      }
    } finally {
      for (const server of servers) server.stop();
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
const recap = failures.length > 0 ? failureRecap(reports) : [];
rmSync(tempDir, { recursive: true, force: true });
const ran = [
  "unit",
  "http",
  "browser",
  ...(process.env.ROSTER_TEST_PG_STOP ? ["outage"] : []),
].filter(wants);
if (wantsScreenshots) ran.push("screenshots");
const passed = ran.filter((suite) => !failures.includes(suite)).length;
// The plain closing line CI reads: suites passed and failed.
console.log(`\nsuites: ${passed} passed, ${failures.length} failed`);
if (failures.length > 0) {
  console.error(
    recap.length > 0
      ? `\nFailing tests:\n${recap.join("\n")}\n`
      : "\nNo failing test in the reports: the error came from outside a test (see above).",
  );
  console.error(`Failed: ${failures.join(", ")}`);
  process.exit(1);
}
