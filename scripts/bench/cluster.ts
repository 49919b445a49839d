import { execFileSync } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import path from "node:path";

const BIN = "/usr/lib/postgresql/15/bin";

export interface Cluster {
  url: string;
  /** The postmaster's process id (its backends are its children). */
  pid: number;
  stop: () => void;
}

/**
 * A private, throw-away PostgreSQL 15 cluster on 127.0.0.1 and a free port,
 * its data under /tmp. Returns null when PostgreSQL 15 is not installed.
 */
export async function startPrivateCluster(): Promise<Cluster | null> {
  if (!existsSync(path.join(BIN, "initdb"))) return null;

  const dir = mkdtempSync("/tmp/roster-bench-pg-");
  const data = path.join(dir, "data");
  const port = await freePort();
  // initdb refuses to run as root, so the cluster belongs to `postgres`.
  const isRoot = userInfo().uid === 0;
  if (isRoot) chownSync(dir, uidOf("postgres"), gidOf("postgres"));
  const run = (bin: string, args: string[]) => {
    const [command, argv] = isRoot
      ? ["runuser", ["-u", "postgres", "--", path.join(BIN, bin), ...args]]
      : [path.join(BIN, bin), args];
    execFileSync(command, argv, { stdio: ["ignore", "ignore", "pipe"] });
  };

  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c max_connections=200`;
  run("pg_ctl", [
    "-D",
    data,
    "-o",
    options,
    "-l",
    path.join(dir, "log"),
    "-w",
    "start",
  ]);

  let isStopped = false;
  const stop = () => {
    if (isStopped) return;
    isStopped = true;
    try {
      run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  const pid = Number(
    readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0],
  );

  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, pid, stop };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function uidOf(user: string) {
  return Number(execFileSync("id", ["-u", user]).toString().trim());
}

function gidOf(user: string) {
  return Number(execFileSync("id", ["-g", user]).toString().trim());
}
