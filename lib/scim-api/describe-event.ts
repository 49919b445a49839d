import {
  readRequestBody,
  redactReadBody,
} from "@/lib/activity/redact-request-body";
import { isUuid } from "@/lib/scim/uuid";

import type { ScimHttpRequest, ScimHttpResponse } from "./types";

const RESOURCE_TYPES: Record<string, "User" | "Group"> = {
  users: "User",
  groups: "Group",
};

const MAX_SUBJECT_CHARS = 300;

/**
 * What a SCIM request did, for the provisioning activity log: operation,
 * resource, subject, outcome and the body with secrets removed and other
 * people's emails masked. Never the query string (it holds filters); error
 * details have email addresses masked.
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
  // Read once, for the subject and for the stored body.
  const read = readRequestBody(request.bodyText);
  const sent = read?.kind === "parsed" ? read.value : undefined;
  const subject = subjectOf(request, response, resourceType, sent);

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
      isFailure && body.detail
        ? maskEmails(body.detail.slice(0, 1000)).slice(0, 500)
        : null,
    resourceType,
    resourceId: id && isUuid(id) ? id : null,
    durationMs: Math.round(durationMs),
    subject,
    requestBody: redactReadBody(
      read,
      resourceType === "User" ? ownValuesOf(subject, sent, response.body) : [],
    ),
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

/**
 * The affected person's userName or group's displayName: a create's from
 * its body, others' from the resource answered (a list's only resource, a
 * DELETE's former name). Failures on an existing resource get theirs from
 * the database when the event is written.
 */
function subjectOf(
  request: ScimHttpRequest,
  response: ScimHttpResponse,
  resourceType: string | null,
  sent: unknown,
): string | null {
  if (!resourceType) return null;
  const attribute = resourceType === "User" ? "userName" : "displayName";
  const isCreate = request.method === "POST" && request.segments.length === 1;
  const answered = response.body as
    { Resources?: unknown[]; totalResults?: unknown } | undefined;
  const resource =
    Array.isArray(answered?.Resources) && answered.Resources.length === 1
      ? answered.Resources[0]
      : answered;
  const candidates = [
    isCreate ? attributeOf(sent, attribute) : undefined,
    attributeOf(resource, attribute),
    response.subject,
  ];
  const found = candidates.find(
    (c): c is string => typeof c === "string" && c.trim() !== "",
  );

  return found
    ? found.replaceAll("\u0000", "").slice(0, MAX_SUBJECT_CHARS)
    : null;
}

function ownValuesOf(
  subject: string | null,
  sent: unknown,
  answered: unknown,
): string[] {
  const own = subject ? [subject] : [];
  for (const source of [sent, answered]) {
    const emails = attributeOf(source, "emails");
    if (!Array.isArray(emails)) continue;
    for (const email of emails) {
      const value = attributeOf(email, "value");
      if (typeof value === "string") own.push(value);
    }
  }

  return own;
}

function attributeOf(value: unknown, name: string): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return undefined;
  }
  // Attribute names are case-insensitive. A body that sends one in two
  // cases is stored with the last (coerceToSchema), so the last
  // is the one named here too.
  const lower = name.toLowerCase();
  let found: unknown;
  for (const key in value) {
    if (Object.hasOwn(value, key) && key.toLowerCase() === lower) {
      found = (value as Record<string, unknown>)[key];
    }
  }

  return found;
}

function maskEmails(text: string) {
  return text.replace(/[^\s"'@]+@[^\s"'@]+/g, "[email]");
}
