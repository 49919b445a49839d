import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { npmStartArgs } from "../test-support/npm-start-args";

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

export function buildApp(env: NodeJS.ProcessEnv) {
  console.log("building the production app (next build)…");
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  if (result.status !== 0) throw new Error("next build failed");
}

export interface AppServer {
  child: ChildProcess;
  baseUrl: string;
  stop: () => Promise<void>;
}

/**
 * Starts the app as `npm start` does (scripts/start.ts: the node:http front
 * and Next.js in one process, decision 0012) on 127.0.0.1, or plain
 * `next start` with `plainNext`, and waits until `probe` answers 2xx.
 */
export async function startApp(
  port: number,
  env: NodeJS.ProcessEnv,
  probe: { path: string; headers: Record<string, string> },
  { plainNext = false } = {},
): Promise<AppServer> {
  const args = plainNext
    ? [nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"]
    : npmStartArgs();
  // For profiling, e.g. BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  args.unshift(...nodeArgsFrom("BENCH_APP_NODE_ARGS"));
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...env, PORT: String(port), ROSTER_HOST: "127.0.0.1" },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("the app exited early");
    try {
      const response = await fetch(baseUrl + probe.path, {
        headers: probe.headers,
      });
      if (response.ok) return { child, baseUrl, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error("the app did not answer within 60 s");
}

/**
 * Samples the resident memory of a process and all its descendants every
 * `intervalMs`, keeping the maximum of their sum.
 */
export function sampleRss(rootPid: number, intervalMs = 500) {
  let maxBytes = 0;
  let samples = 0;
  const sample = () => {
    const total = descendantsOf(rootPid).reduce(
      (sum, pid) => sum + rssOf(pid),
      0,
    );
    maxBytes = Math.max(maxBytes, total);
    samples++;
  };
  sample();
  const timer = setInterval(sample, intervalMs);

  return {
    stop: () => {
      clearInterval(timer);
      sample();

      return { maxMb: maxBytes / 1024 / 1024, samples };
    },
  };
}

/**
 * CPU seconds (user + system) used so far by a process and its descendants,
 * including those that ended and were reaped by one of them (PostgreSQL
 * backends of closed connections). On a shared machine CPU per request is
 * steadier than throughput, which depends on what else runs.
 */
export function cpuSecondsOf(rootPid: number): number {
  return descendantsOf(rootPid).reduce((sum, pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime, stime, cutime and cstime: fields 14 to 17 of stat, in clock
      // ticks (100 Hz); the last two hold the reaped children's time.
      const ticks = fields.slice(11, 15).reduce((t, f) => t + Number(f), 0);

      return sum + ticks / 100;
    } catch {
      return sum;
    }
  }, 0);
}

function descendantsOf(rootPid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat, after the parenthesised command name.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended between listing and reading.
    }
  }
  const found = [rootPid];
  for (let i = 0; i < found.length; i++) {
    for (const [pid, parent] of parents) {
      if (parent === found[i]) found.push(pid);
    }
  }

  return found;
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);

    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Extra Node options from an environment variable, split at spaces. */
export function nodeArgsFrom(variable: string): string[] {
  return process.env[variable]?.split(" ").filter(Boolean) ?? [];
}
