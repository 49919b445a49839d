import type { Database } from "@/db/client";
import { safeError } from "@/lib/log-safe-error";
import { logger } from "@/lib/logger";
import { isScimError, ScimError } from "@/lib/scim/errors";

import { handleScimRequest } from "./handle-scim-request";
import { SCIM_CONTENT_TYPE, type ScimHttpRequest } from "./types";

/** An answer ready for the wire: the body serialised, every header set. */
export interface ScimWireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/**
 * What both adapters (the Next.js route handler and the node:http front) run:
 * convert the request, hand it to the SCIM engine, serialise the answer.
 * A conversion refusal (bad path encoding, body over 1 MiB) is a SCIM error.
 */
export async function answerScimRequest(
  db: Database,
  convert: () => Promise<ScimHttpRequest>,
): Promise<ScimWireResponse> {
  try {
    const response = await handleScimRequest(db, await convert());

    return toWire(response.status, response.headers, response.body);
  } catch (error) {
    if (!isScimError(error))
      logger.error({ err: safeError(error) }, "scim adapter failed");

    return scimErrorWire(
      isScimError(error)
        ? error
        : new ScimError(
            500,
            "An unexpected error occurred. It has been logged.",
          ),
    );
  }
}

/** A SCIM error as an answer, for refusals made before the engine runs. */
export function scimErrorWire(error: ScimError): ScimWireResponse {
  return toWire(error.status, error.headers, error.toBody());
}

function toWire(
  status: number,
  headers: Record<string, string> | undefined,
  body: unknown,
): ScimWireResponse {
  const wire: Record<string, string> = {
    ...headers,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
  if (body === undefined) return { status, headers: wire, body: null };
  wire["Content-Type"] = SCIM_CONTENT_TYPE;

  return { status, headers: wire, body: JSON.stringify(body) };
}
