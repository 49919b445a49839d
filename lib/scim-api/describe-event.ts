import { isUuid } from "@/lib/scim/uuid";

import type { ScimHttpRequest, ScimHttpResponse } from "./types";

const RESOURCE_TYPES: Record<string, "User" | "Group"> = {
  users: "User",
  groups: "Group",
};

/**
 * What a SCIM request did, for the provisioning activity log: operation,
 * resource, outcome. Never the body or the query (they hold emails and
 * filters); error details have email addresses masked.
 */
export function describeEvent(
  request: ScimHttpRequest,
  response: ScimHttpResponse,
  durationMs: number,
) {
  const [first = "", second] = request.segments;
  const resourceType = RESOURCE_TYPES[first.toLowerCase()] ?? null;
  const body = (response.body ?? {}) as {
    id?: unknown;
    scimType?: string;
    detail?: string;
  };
  const id = typeof body.id === "string" && isUuid(body.id) ? body.id : second;
  const isFailure = response.status >= 400;

  return {
    requestId: request.requestId,
    method: request.method,
    path: `/${request.segments.map((s) => (isUuid(s) ? s : s.slice(0, 40))).join("/")}`.slice(
      0,
      200,
    ),
    operation:
      response.operation ?? operationOf(request.method, resourceType, second),
    status: response.status,
    outcome: isFailure ? "failure" : "success",
    scimType: isFailure ? (body.scimType ?? null) : null,
    detail:
      isFailure && body.detail ? maskEmails(body.detail).slice(0, 500) : null,
    resourceType,
    resourceId: id && isUuid(id) ? id : null,
    durationMs: Math.round(durationMs),
  };
}

function operationOf(
  method: string,
  resourceType: string | null,
  second: string | undefined,
) {
  if (method === "GET" || second?.toLowerCase() === ".search") return "lookup";
  if (resourceType === "Group") return "group change";
  if (method === "POST") return "create";
  if (method === "DELETE") return "delete";

  return "update";
}

function maskEmails(text: string) {
  return text.replace(/[^\s"'@]+@[^\s"'@]+/g, "[email]");
}
