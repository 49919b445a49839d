import { spawn } from "node:child_process";

import { npmStartArgs } from "./npm-start-args";
import { createServer } from "node:net";

export type Env = Record<string, string | undefined>;

// Next's types make NODE_ENV required; child processes choose their own.
export const asProcessEnv = (e: Env) => e as unknown as NodeJS.ProcessEnv;

export async function freePort(): Promise<number> {
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

export interface AppServer {
  baseUrl: string;
  stop: () => void;
}

/**
 * Starts the production build on a free port, logging to `logFd`: as
 * `npm start` runs it (the node:http SCIM front and Next.js in one process,
 * decision 0012), or plain `next start` with `plainNext`.
 */
export async function startAppServer(
  env: Env,
  logFd: number | "ignore",
  { plainNext = false } = {},
): Promise<AppServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const [command, args] = plainNext
    ? [
        "npx",
        ["next", "start", "--port", String(port), "--hostname", "127.0.0.1"],
      ]
    : [process.execPath, npmStartArgs()];
  const server = spawn(command, args, {
    stdio: ["ignore", logFd, logFd],
    env: asProcessEnv({
      ...env,
      PORT: String(port),
      ROSTER_HOST: "127.0.0.1",
      NEXTAUTH_URL: baseUrl,
      LOG_LEVEL: env.LOG_LEVEL ?? process.env.LOG_LEVEL ?? "info",
    }),
    detached: true,
  });
  const stop = () => {
    if (server.pid && server.exitCode === null)
      process.kill(-server.pid, "SIGTERM");
  };
  try {
    await waitForServer(`${baseUrl}/signin`, 120_000);
  } catch (error) {
    stop();
    throw error;
  }

  return { baseUrl, stop };
}
