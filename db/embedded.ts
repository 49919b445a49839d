import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  const holder = readLiveLock(lockPath);
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

function readLiveLock(lockPath: string): LockFile | null {
  let lock: LockFile;
  try {
    lock = JSON.parse(readFileSync(lockPath, "utf8")) as LockFile;
  } catch {
    return null;
  }
  if (lock.pid === process.pid || !isAlive(lock.pid)) {
    rmSync(lockPath, { force: true });

    return null;
  }

  return lock;
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
