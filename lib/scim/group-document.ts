import { GROUP_SCHEMA } from "./attributes";
import { badRequest } from "./errors";
import { etagFor } from "./etag";
import { projectResource } from "./projection";
import { isUuid } from "./uuid";

type Json = Record<string, unknown>;

/** What the database keeps of a SCIM group (db/schema.ts, scim_groups). */
export interface StoredScimGroup {
  id: string;
  displayName: string;
  externalId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A member user and the name it is shown by (displayName, else userName). */
export interface GroupMember {
  id: string;
  display: string;
}

/** What a POST, PUT or patched document asks the group to become. */
export interface GroupState {
  displayName: string;
  externalId: string | null;
  memberIds: string[];
}

export interface Projection {
  attributes?: string[];
  excludedAttributes?: string[];
}

/** The editable document the PATCH engine works on: members by value only. */
export function toGroupDocument(
  group: StoredScimGroup,
  memberIds: string[],
): Json {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...(group.externalId !== null ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    ...(memberIds.length > 0
      ? { members: memberIds.map((value) => ({ value })) }
      : {}),
  };
}

/**
 * Reads a schema-coerced document into columns and member ids. Members are
 * users of this workspace named by their SCIM id (RFC 7643 §4.2); a value
 * that cannot be one is refused, never dropped.
 */
export function toGroupState(document: Json): GroupState {
  const { displayName, externalId, members } = document;
  if (typeof displayName !== "string" || displayName.trim() === "") {
    throw badRequest(
      "invalidValue",
      "displayName is required and must be a non-empty string.",
    );
  }
  const memberIds = new Set<string>();
  for (const member of Array.isArray(members) ? members : []) {
    const value =
      member && typeof member === "object" ? (member as Json).value : undefined;
    if (typeof value !== "string" || !isUuid(value)) {
      throw unknownMembers([value]);
    }
    memberIds.add(value.toLowerCase());
  }

  return {
    displayName: displayName.trim(),
    externalId: typeof externalId === "string" ? externalId : null,
    memberIds: [...memberIds],
  };
}

/** RFC 7644 §3.12: a member that is no user of this workspace is invalidValue. */
export function unknownMembers(values: unknown[]) {
  const shown = values.slice(0, 5).map((v) => {
    const text = JSON.stringify(v) ?? "a member without value";

    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  });
  const more =
    values.length > shown.length
      ? ` and ${values.length - shown.length} more`
      : "";

  return badRequest(
    "invalidValue",
    `members: ${shown.join(", ")}${more} names no user of this workspace.`,
  );
}

export function diffMemberIds(before: string[], after: string[]) {
  const [old, now] = [new Set(before), new Set(after)];

  return {
    added: after.filter((id) => !old.has(id)),
    removed: before.filter((id) => !now.has(id)),
  };
}

/**
 * Whether a read must load members. Okta sends excludedAttributes=members on
 * large groups (RFC 7644 §3.4.2.5), so then they are not even queried.
 */
export function isMembersRequested({
  attributes,
  excludedAttributes,
}: Projection): boolean {
  const names = (list: string[]) =>
    list.map((name) =>
      name.toLowerCase().replace(`${GROUP_SCHEMA.toLowerCase()}:`, ""),
    );
  if (attributes?.length)
    return names(attributes).some(
      (n) => n === "members" || n.startsWith("members."),
    );

  return !names(excludedAttributes ?? []).includes("members");
}

/** The resource as served; `members` undefined means they were not loaded. */
export function toGroupResource(
  group: StoredScimGroup,
  members: GroupMember[] | undefined,
  baseUrl: string,
): Json {
  return {
    ...toGroupDocument(group, []),
    ...(members
      ? {
          members: members.map((m) => ({
            value: m.id,
            $ref: `${baseUrl}/Users/${m.id}`,
            display: m.display,
            type: "User",
          })),
        }
      : {}),
    meta: {
      resourceType: "Group",
      created: group.createdAt.toISOString(),
      lastModified: group.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${group.id}`,
      version: etagFor(group.version),
    },
  };
}

/** The projected body with the ETag and location the headers carry (RFC 7644 §3.14). */
export function toGroupResponse(
  group: StoredScimGroup,
  members: GroupMember[] | undefined,
  baseUrl: string,
  projection: Projection = {},
) {
  const resource = toGroupResource(group, members, baseUrl);

  return {
    resource: projectResource(
      resource,
      projection.attributes,
      projection.excludedAttributes,
    ),
    etag: etagFor(group.version),
    location: `${baseUrl}/Groups/${group.id}`,
  };
}

export type GroupResponse = ReturnType<typeof toGroupResponse>;
