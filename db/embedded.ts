import {
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";

import { ConnectionQueue } from "./embedded-queue";

export const DEFAULT_DATA_DIR = ".roster/pglite";

export interface EmbeddedDatabase {
  url: string;
  stop: () => Promise<void>;
}

interface LockFile {
  pid: number;
  port: number;
}

/**
 * Serves a PGlite data folder over the PostgreSQL wire protocol on loopback,
 * so the app, the CLI and the tests all talk to it through the same `postgres`
 * driver. PGlite allows one process per data folder: the process that holds
 * the folder writes a lock file with its port, and other processes connect
 * to that port instead of opening the folder themselves.
 */
export async function openEmbeddedDatabase(
  dataDir = process.env.ROSTER_DATA_DIR ?? DEFAULT_DATA_DIR,
): Promise<EmbeddedDatabase> {
  const lockPath = path.join(
    path.dirname(path.resolve(dataDir)),
    `${path.basename(dataDir)}.lock`,
  );
  // A fresh clone has no .roster/ yet; the lock file lives beside the folder.
  mkdirSync(path.dirname(lockPath), { recursive: true });
  const holder = await acquireOrFindHolder(lockPath);
  if (holder) {
    return { url: urlFor(holder.port), stop: async () => {} };
  }

  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const queue = new ConnectionQueue(db);
  const server = createServer((socket) => attach(socket, queue));
  const port = await listen(server);
  writeFileSync(lockPath, JSON.stringify({ pid: process.pid, port }));

  return {
    url: urlFor(port),
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(lockPath, { force: true });
      await db.close();
    },
  };
}

function attach(socket: Socket, queue: ConnectionQueue) {
  const handler = new PGLiteSocketHandler({
    // The handler only calls the queue's public methods, which ours provides.
    queryQueue: queue as unknown as ConstructorParameters<
      typeof PGLiteSocketHandler
    >[0]["queryQueue"],
    closeOnDetach: true,
  });
  handler.attach(socket).catch(() => socket.destroy());
  handler.addEventListener("error", () => socket.destroy());
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(
      Number(process.env.ROSTER_EMBEDDED_PORT ?? 0),
      "127.0.0.1",
      () => {
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : 0);
      },
    );
  });
}

const STARTUP_WAIT_MS = 60_000;

/**
 * Either takes the lock (returns null: this process serves the folder) or
 * returns the live holder's port. The lock file is created exclusively, so of
 * several processes starting at once exactly one opens the folder; the others
 * wait until it is listening.
 */
async function acquireOrFindHolder(lockPath: string): Promise<LockFile | null> {
  const deadline = Date.now() + STARTUP_WAIT_MS;
  for (;;) {
    try {
      writeFileSync(lockPath, JSON.stringify({ pid: process.pid, port: 0 }), {
        flag: "wx",
      });

      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }

    const lock = readLock(lockPath);
    if (lock && lock.port > 0 && isAlive(lock.pid)) return lock;
    if (isStale(lock, lockPath)) {
      rmSync(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The embedded database at ${lockPath} is held by process ${lock?.pid ?? "unknown"}, which did not start serving it. Stop that process or delete the lock file.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function readLock(lockPath: string): LockFile | null {
  try {
    return JSON.parse(readFileSync(lockPath, "utf8")) as LockFile;
  } catch {
    // Missing, or being written by its holder this very moment.
    return null;
  }
}

function isStale(lock: LockFile | null, lockPath: string): boolean {
  if (lock) return !isAlive(lock.pid);
  try {
    return Date.now() - statSync(lockPath).mtimeMs > 10_000;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);

    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function urlFor(port: number): string {
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}
