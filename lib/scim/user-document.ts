import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from "./attributes";
import { etagFor } from "./etag";
import { badRequest } from "./errors";
import { isEmailAddress } from "@/lib/email-address";

type Json = Record<string, unknown>;

/** What the database keeps of a SCIM user (db/schema.ts, scim_users). */
export interface StoredScimUser {
  id: string;
  userName: string;
  externalId: string | null;
  active: boolean;
  resource: Json;
  version: number;
  /** A Date, or its ISO 8601 text as `toISOString` writes it (list pages). */
  createdAt: Date | string;
  updatedAt: Date | string;
  groups?: { id: string; displayName: string }[];
}

/** The columns derived from a SCIM user document, for indexes and filters. */
export interface UserColumns {
  userName: string;
  externalId: string | null;
  active: boolean;
  displayName: string | null;
  primaryEmail: string | null;
  resource: Json;
}

// Attributes kept in columns or computed, never inside the jsonb document.
const OUTSIDE_DOCUMENT = new Set([
  "id",
  "meta",
  "schemas",
  "userName",
  "externalId",
  "active",
  "groups",
  "password",
]);

/** The editable document the PATCH engine works on (no meta). */
export function toUserDocument(user: StoredScimUser): Json {
  return {
    schemas: schemasOf(user.resource),
    id: user.id,
    ...(user.externalId !== null ? { externalId: user.externalId } : {}),
    userName: user.userName,
    ...user.resource,
    active: user.active,
  };
}

/**
 * What one person's stored attributes may take, in characters of JSON.
 * Real people take one or two kilobytes; without a bound, a page of 100
 * people near the 1 MiB body limit each is a 100 MB answer.
 */
export const MAX_USER_DOCUMENT_CHARS = 32 * 1024;

/**
 * The columns of a SCIM user. `sizeAllowed` lets an update of a document
 * stored before the bound was set go through as long as it does not grow.
 */
export function toUserColumns(
  document: Json,
  sizeAllowed = MAX_USER_DOCUMENT_CHARS,
): UserColumns {
  const resource: Json = {};
  for (const [key, value] of Object.entries(document)) {
    if (!OUTSIDE_DOCUMENT.has(key)) resource[key] = value;
  }
  const size = documentSize(resource);
  if (size > Math.max(sizeAllowed, MAX_USER_DOCUMENT_CHARS)) {
    throw badRequest(
      "invalidValue",
      `The user's attributes take ${Math.ceil(size / 1024)} KB; Roster keeps at most ${MAX_USER_DOCUMENT_CHARS / 1024} KB per user.`,
    );
  }

  return {
    userName: String(document.userName),
    externalId:
      typeof document.externalId === "string" ? document.externalId : null,
    active: document.active !== false,
    displayName:
      typeof document.displayName === "string" ? document.displayName : null,
    primaryEmail: primaryEmailOf(document),
    resource,
  };
}

/** The size `toUserColumns` bounds, of a stored document. */
export function documentSize(resource: Json): number {
  return JSON.stringify(resource).length;
}

export function toUserResource(user: StoredScimUser, baseUrl: string): Json {
  // Added to the fresh document instead of spreading it into a literal with
  // two more keys (same key order): V8 copies such a literal key by key, 20
  // times the cost, and a list page builds a hundred of them.
  const resource = toUserDocument(user);
  resource.groups = (user.groups ?? []).map((g) => ({
    value: g.id,
    $ref: `${baseUrl}/Groups/${g.id}`,
    display: g.displayName,
    type: "direct",
  }));
  resource.meta = {
    resourceType: "User",
    created: isoText(user.createdAt),
    lastModified: isoText(user.updatedAt),
    location: `${baseUrl}/Users/${user.id}`,
    version: etagFor(user.version),
  };

  return resource;
}

const isoText = (time: Date | string) =>
  typeof time === "string" ? time : time.toISOString();

/** The email an account is found or created by: primary, else first, else an email-shaped userName. */
export function primaryEmailOf(document: Json): string | null {
  const emails = Array.isArray(document.emails)
    ? (document.emails as Json[])
    : [];
  const withValue = emails.filter(
    (e) => typeof e?.value === "string" && e.value !== "",
  );
  const chosen = withValue.find((e) => e.primary === true) ?? withValue[0];
  if (chosen) return String(chosen.value);

  return typeof document.userName === "string" &&
    isEmailAddress(document.userName)
    ? document.userName
    : null;
}

function schemasOf(resource: Json): string[] {
  return ENTERPRISE_USER_SCHEMA in resource
    ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA]
    : [USER_SCHEMA];
}
