import type { IncomingMessage, ServerResponse } from "node:http";

import type { Database } from "@/db/client";
import {
  answeredWithin,
  isDatabaseUnavailable,
} from "@/db/is-database-unavailable";
import {
  findScimTokenOrThrow,
  requireUsableToken,
} from "@/lib/auth/authenticate-scim-token";
import type { HeaderReader } from "@/lib/http/public-origin";
import { createLargeBodies } from "@/lib/http/large-body-gate";
import { MAX_BODY_BYTES, readBoundedNodeBody } from "@/lib/http/read-body";
import { safeError } from "@/lib/log-safe-error";
import { logger } from "@/lib/logger";
import { ScimError, unavailable } from "@/lib/scim/errors";
import {
  answerScimRequest,
  scimErrorWire,
  type ScimWireResponse,
} from "@/lib/scim-api/answer-scim-request";
import { SCIM_DEADLINE_MS } from "@/lib/scim-api/handle-scim-request";
import {
  fromRawScimRequest,
  SCIM_PREFIX,
} from "@/lib/scim-api/to-http-request";

/** Longer request targets get 414; IdPs send filters of a few hundred bytes. */
export const MAX_SCIM_URL_LENGTH = 8 * 1024;

// Large bodies (64 KiB to 1 MiB, decision 0022): 64 MiB of them held at
// once, two decoded, parsed and answered at a time; refusing one near
// 1 MiB costs up to 70 ms of CPU and 40 MB of heap. JavaScript parses one
// at a time anyway; the second turn lets one through while another waits
// on the database.
const largeBodies = createLargeBodies({
  slots: 2,
  maxWaiting: 256,
  maxWaitMs: SCIM_DEADLINE_MS,
  maxBytes: 64 * 1024 * 1024,
});

const SCIM_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);
const ALLOW = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** True for `/api/scim/v2`, `/api/scim/v2/…` and `/api/scim/v2?…`. */
export function isScimTarget(target: string): boolean {
  if (!target.startsWith(SCIM_PREFIX)) return false;
  const next = target.charAt(SCIM_PREFIX.length);

  return next === "" || next === "/" || next === "?";
}

/**
 * The node:http front of `npm start` (decision 0012): SCIM requests go
 * straight to the SCIM engine through the same conversion and serialisation
 * as the Next.js route handler; every other request goes to Next.js.
 * It also answers what Next.js would answer with HTML or a redirect: unknown
 * methods (405), over-long targets (414); double slashes are read as one.
 */
export function createScimFront(db: Database, other: Handler): Handler {
  return (req, res) => {
    if (!isScimTarget(req.url ?? "")) return other(req, res);

    return serveScim(db, req, res).catch((error: unknown) => {
      logger.error({ err: safeError(error) }, "scim front failed");
      if (!res.headersSent) {
        send(
          res,
          scimErrorWire(
            new ScimError(
              500,
              "An unexpected error occurred. It has been logged.",
            ),
          ),
        );
      } else res.destroy();
    });
  };
}

async function serveScim(
  db: Database,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const target = req.url ?? "";
  const method = req.method ?? "GET";
  if (target.length > MAX_SCIM_URL_LENGTH) {
    return send(
      res,
      scimErrorWire(
        new ScimError(
          414,
          `The request URL is longer than ${MAX_SCIM_URL_LENGTH} bytes; use POST /.search for long filters.`,
        ),
      ),
    );
  }
  // As Next.js answers OPTIONS for a route handler.
  if (method === "OPTIONS") {
    return send(res, { status: 204, headers: { Allow: ALLOW }, body: null });
  }
  if (!SCIM_METHODS.has(method)) {
    return send(
      res,
      scimErrorWire(
        new ScimError(405, `The SCIM API accepts ${ALLOW}.`, undefined, {
          Allow: ALLOW,
        }),
      ),
    );
  }

  const headers = toHeaders(req);
  const large = largeBodies.admission(() => vouchForSender(db, headers));
  try {
    const wire = await answerScimRequest(db, () =>
      fromRawScimRequest({
        method,
        url: requestUrl(target, headers),
        headers,
        readBody: () => readBoundedNodeBody(req, MAX_BODY_BYTES, large),
      }),
    );
    send(res, wire);
  } finally {
    // Once the answer is written its body and parsed JSON are garbage.
    large.release();
  }
}

/**
 * A large body is held only for a sender with a usable token: otherwise
 * anyone who can reach the port could fill the large bodies' budget and
 * queue (a helper did, with 70 connections). The token is read again when
 * the request is answered; a database that does not answer in time gets
 * the 503 the request would have.
 */
async function vouchForSender(db: Database, headers: HeaderReader) {
  try {
    const { token } = await answeredWithin(
      findScimTokenOrThrow(db, headers.get("authorization")),
      SCIM_DEADLINE_MS,
    );
    requireUsableToken(token);
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw unavailable();
    throw error;
  }
}

/**
 * The request's headers, with the `X-Forwarded-*` defaults Next.js adds
 * before a route handler runs (base-server.ts), so both paths see the same
 * client address and origin. Node has already lower-cased the names and
 * joined repeated headers; a plain reader over them costs far less than a
 * fetch `Headers` on every request.
 */
function toHeaders(req: IncomingMessage): HeaderReader {
  const socket = req.socket as IncomingMessage["socket"] & {
    encrypted?: boolean;
  };
  const forwardedProto = req.headers["x-forwarded-proto"];
  const isHttps = forwardedProto
    ? forwardedProto === "https"
    : Boolean(socket.encrypted);
  const defaults: Record<string, string | undefined> = {
    "x-forwarded-host": req.headers.host,
    "x-forwarded-port": socket.localPort ? String(socket.localPort) : undefined,
    "x-forwarded-proto": isHttps ? "https" : "http",
    "x-forwarded-for": socket.remoteAddress,
  };

  return {
    get(name) {
      const key = name.toLowerCase();
      const value = req.headers[key] ?? defaults[key];
      if (value === undefined) return null;

      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

function requestUrl(target: string, headers: HeaderReader): URL {
  try {
    return new URL(target, `http://${headers.get("host") ?? "localhost"}`);
  } catch {
    return new URL(target, "http://localhost");
  }
}

function send(
  res: ServerResponse,
  { status, headers, body }: ScimWireResponse,
) {
  if (body === null) {
    res.writeHead(status, headers);
    res.end();

    return;
  }
  res.writeHead(status, {
    ...headers,
    "Content-Length": String(Buffer.byteLength(body)),
  });
  res.end(body);
}
