import type { Database } from "@/db/client";
import {
  answeredWithin,
  isDatabaseUnavailable,
} from "@/db/is-database-unavailable";
import { recordTokenUse } from "@/db/queries/tokens";
import { recordProvisioningEvent } from "@/lib/activity/record-provisioning-event";
import {
  findScimTokenOrThrow,
  type KnownScimToken,
  requireUsableToken,
  type ScimPrincipal,
} from "@/lib/auth/authenticate-scim-token";
import { safeError } from "@/lib/log-safe-error";
import { lazyChild, logger, logThrottle } from "@/lib/logger";
import { exactLookupOf } from "@/lib/provisioning/read-scim-users";
import type { ScimContext } from "@/lib/provisioning/scim-context";
import {
  isScimError,
  notFound,
  ScimError,
  unavailable,
} from "@/lib/scim/errors";
import { parseFilter } from "@/lib/scim/filter/parse";

import { describeEvent } from "./describe-event";
import { detectIdp } from "./detect-idp";
import { enforceScimRateLimit, RateLimitError } from "./enforce-rate-limit";
import { countScimRequest } from "./request-counter";
import { queryParamsOf } from "./route-helpers";
import { routeDiscovery } from "./discovery-routes";
import { routeGroups } from "./group-routes";
import { routeUsers } from "./user-routes";
import type { ScimHttpRequest, ScimHttpResponse } from "./types";

const LAST_USE_INTERVAL_MS = 60_000;
const REFUSED_TOKEN_EVENT_INTERVAL_MS = 60_000;
const lastRefusedTokenEvent = new Map<string, number>();

/**
 * How long a request may wait for the database before it is answered 503:
 * a database that hangs (frozen, or cut off without a reset) would
 * otherwise hold every request, and the IdP's retries, until it answers.
 * Requests take milliseconds; 10 s leaves room for a lock held by a
 * migration.
 */
export const SCIM_DEADLINE_MS = 10_000;

/** The SCIM API in one function: plain request in, status and body out. */
export async function handleScimRequest(
  db: Database,
  request: ScimHttpRequest,
  { deadlineMs = SCIM_DEADLINE_MS } = {},
): Promise<ScimHttpResponse> {
  const log = lazyChild(logger, { requestId: request.requestId });
  const started = performance.now();
  let token: KnownScimToken | undefined;
  let response: ScimHttpResponse;
  const effects: string[] = [];
  let isRecorded = true;
  try {
    const answering = (async () => {
      const lookup = userLookupOf(request);
      const found = await findScimTokenOrThrow(
        db,
        request.headers.get("authorization"),
        lookup,
      );
      token = found.token;
      const principal = requireUsableToken(token);
      enforceScimRateLimit({
        tokenId: principal.tokenId,
        requestCount:
          principal.storedRequestCount +
          countScimRequest(db, principal.workspaceId, principal.tokenId),
        windowStart: principal.windowStart,
      });
      noteTokenUse(db, principal, request, log);

      const ctx: ScimContext = {
        db,
        workspaceId: principal.workspaceId,
        workspaceName: principal.workspaceName,
        tokenId: principal.tokenId,
        ip: request.ip,
        baseUrl: request.baseUrl,
        log: lazyChild(log, {
          workspaceId: principal.workspaceId,
          tokenId: principal.tokenId,
        }),
        effects,
        prefetchedUsers:
          lookup && found.users
            ? { filter: lookup.filter, rows: found.users }
            : undefined,
      };

      return route(ctx, request);
    })();
    // A write answered 503 at the deadline may still be applied once the
    // database answers, as one whose answer is lost in an outage.
    response = await answeredWithin(answering, deadlineMs);
  } catch (error) {
    // Decision 0009: one 429 per window and one refusal of a revoked or
    // expired token per minute are enough for the admin to see the cause.
    if (error instanceof RateLimitError) isRecorded = error.isFirstRefusal;
    if (token && isScimError(error) && error.status === 401)
      isRecorded = isRefusalDue(token.id);
    response = errorResponse(error, request, log);
  }

  // Every request of a token Roster knows is recorded in its workspace.
  if (token && isRecorded) {
    const event = describeEvent(request, response, performance.now() - started);
    recordProvisioningEvent(
      db,
      {
        ...event,
        detail:
          [event.detail, ...effects].filter(Boolean).join("; ").slice(0, 500) ||
          null,
        workspaceId: token.workspaceId,
        tokenId: token.id,
        idp: detectIdp(request.headers.get("user-agent")),
      },
      log,
    );
  }

  return response;
}

async function route(
  ctx: ScimContext,
  request: ScimHttpRequest,
): Promise<ScimHttpResponse> {
  const [first = "", ...rest] = request.segments;
  // DESIGN.md: resource segments match in any letter case.
  const endpoint = first.toLowerCase();
  switch (endpoint) {
    case "users":
      return routeUsers(ctx, request, rest);
    case "groups":
      return routeGroups(ctx, request, rest);
    case "serviceproviderconfig":
    case "resourcetypes":
    case "schemas":
      return routeDiscovery(endpoint, request, rest);
    default:
      throw notFound("No such endpoint.");
  }
}

/**
 * The person a `GET /Users?filter=userName eq "…"` (or externalId) asks for,
 * to be read with the token in one round trip. Anything else, including a
 * filter that does not parse, is left to the route.
 */
function userLookupOf(request: ScimHttpRequest) {
  const [resource, ...rest] = request.segments;
  if (request.method !== "GET" || rest.length > 0) return undefined;
  if (resource?.toLowerCase() !== "users") return undefined;
  const filter = queryParamsOf(request.query)("filter");
  if (!filter) return undefined;
  try {
    const lookup = exactLookupOf(parseFilter(filter));

    return lookup && { ...lookup, filter };
  } catch {
    return undefined;
  }
}

function isRefusalDue(tokenId: string) {
  const now = Date.now();
  const last = lastRefusedTokenEvent.get(tokenId) ?? 0;
  if (now - last < REFUSED_TOKEN_EVENT_INTERVAL_MS) return false;
  if (lastRefusedTokenEvent.size >= 10_000) lastRefusedTokenEvent.clear();
  lastRefusedTokenEvent.set(tokenId, now);

  return true;
}

function noteTokenUse(
  db: Database,
  principal: ScimPrincipal,
  request: ScimHttpRequest,
  log: typeof logger,
) {
  const last = principal.lastUsedAt?.getTime() ?? 0;
  if (Date.now() - last < LAST_USE_INTERVAL_MS) return;

  const use = {
    ip: request.ip,
    idp: detectIdp(request.headers.get("user-agent")),
  };
  void recordTokenUse(db, principal.workspaceId, principal.tokenId, use).catch(
    (error: unknown) =>
      log.warn(
        { err: safeError(error), tokenId: principal.tokenId },
        "could not record token use",
      ),
  );
}

// During an outage every request fails alike.
const unavailableLines = logThrottle();

function errorResponse(
  error: unknown,
  request: ScimHttpRequest,
  log: typeof logger,
): ScimHttpResponse {
  if (isDatabaseUnavailable(error)) {
    unavailableLines((notLogged) =>
      log.error({ err: safeError(error), notLogged }, "database unavailable"),
    );
    error = unavailable();
  }
  if (isScimError(error)) {
    if (error.status === 401)
      log.warn(
        { status: 401, resource: request.segments[0]?.slice(0, 40) },
        "scim auth refused",
      );

    return {
      status: error.status,
      headers: error.headers,
      body: error.toBody(),
    };
  }
  log.error(
    {
      err: safeError(error),
      method: request.method,
      resource: request.segments[0]?.slice(0, 40),
    },
    "scim request failed",
  );
  const internal = new ScimError(
    500,
    "An unexpected error occurred. It has been logged.",
  );

  return { status: 500, body: internal.toBody() };
}
