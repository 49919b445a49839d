import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, expect, test } from "vitest";

import { openEmbeddedDatabase, type EmbeddedDatabase } from "@/db/embedded";
import { asProcessEnv } from "@/scripts/test-support/app-servers";
import { npmStartArgs } from "@/scripts/test-support/npm-start-args";

import { baseUrl } from "../support/test-db";

// `npm start` refuses what would otherwise serve every request a 500 or
// exit as if it had succeeded.
let empty: EmbeddedDatabase | undefined;
afterAll(async () => {
  await empty?.stop();
});

// `npm start` chooses its own NODE_ENV (vitest sets "test").
function withoutNodeEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  env.NODE_ENV = undefined;

  return env;
}

/** `npm start` as the suites start it; resolves with its status and stderr. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, npmStartArgs(), {
    env: asProcessEnv({ ...withoutNodeEnv(), NEXTAUTH_SECRET: "x", ...env }),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);

  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}

test("a database without this build's migrations: a message naming db:migrate, status 1", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "roster-unmigrated-"));
  empty = await openEmbeddedDatabase(path.join(dir, "data"));

  const { code, stderr } = await start({
    DATABASE_URL: empty.url,
    PORT: "0",
    ROSTER_HOST: "127.0.0.1",
  });

  expect(code).toBe(1);
  expect(stderr).toContain("npm run db:migrate");
  expect(stderr).toContain("0000_init");
});

test("a port in use: status 1", async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  const port = (taken.address() as { port: number }).port;
  try {
    const { code, stderr } = await start({
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      PORT: String(port),
      ROSTER_HOST: "127.0.0.1",
    });

    expect(code).toBe(1);
    expect(stderr).toContain("EADDRINUSE");
  } finally {
    taken.close();
  }
  // The suites' own instances are unaffected.
  expect((await fetch(`${baseUrl()}/signin`)).status).toBe(200);
});
