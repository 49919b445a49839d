import { createServer, type Server } from "node:http";

import type { Database } from "../db/client";
import { createScimFront } from "../lib/http/scim-front";
import { safeError } from "../lib/log-safe-error";
import { logger } from "../lib/logger";

export interface RunningServer {
  server: Server;
  /** Stops accepting, lets open requests finish (up to `graceMs`), stops Next. */
  close: (graceMs?: number) => Promise<void>;
}

/**
 * The production server (decision 0012): one node:http server in this
 * process; /api/scim/v2 goes to the SCIM front with `db`, every other
 * request to Next.js's request handler for the production build in `dir`.
 */
export async function startProductionServer(options: {
  db: Database;
  port: number;
  hostname: string;
  dir?: string;
}): Promise<RunningServer> {
  const { default: next } = await import("next");
  const app = next({
    dev: false,
    dir: options.dir ?? process.cwd(),
    hostname: options.hostname,
    port: options.port,
  });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  const server = createServer(
    createScimFront(options.db, (req, res) =>
      handleNext(req, res).catch((error: unknown) => {
        // Next.js answers its own errors; this is the net under it.
        logger.error({ err: safeError(error) }, "next request handler failed");
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      }),
    ),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const close = async (graceMs = 10_000) => {
    const closed = new Promise<void>((resolve) =>
      server.close(() => resolve()),
    );
    server.closeIdleConnections();
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(timer);
    await app.close();
  };

  return { server, close };
}
