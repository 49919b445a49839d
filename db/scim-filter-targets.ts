import { sql, type AnyColumn, type SQL } from "drizzle-orm";

import type { AttributeDefinition } from "../lib/scim/attributes";
import { badRequest } from "../lib/scim/errors";
import type { ResolvedAttribute } from "../lib/scim/resolve";
import { jsonPresent, textPresent, type Operand } from "./scim-filter-operand";
import {
  constantOperand,
  groupMembersSource,
  jsonArraySource,
  jsonMember,
  jsonOperand,
  userGroupsSource,
  type ElementSource,
} from "./scim-filter-sources";
import { scimGroups, scimUsers } from "./schema";

// Where each resolved attribute of a User or Group lives: a column of
// scim_users / scim_groups (userName, externalId, active, meta…), a member of
// the jsonb `resource` document (other core attributes at the top level,
// extension attributes under their schema URN), or membership rows.

export type Target =
  | { kind: "scalar"; operand: Operand }
  | { kind: "object"; definition: AttributeDefinition; present: SQL }
  | { kind: "elements"; source: ElementSource; sub?: AttributeDefinition };

const reject = (detail: string) => badRequest("invalidFilter", detail);

export function userTarget(resolved: ResolvedAttribute): Target {
  const { attribute, subAttribute, isExtension, schema } = resolved;
  if (attribute.returned === "never") {
    throw reject(
      `"${attribute.name}" is never returned, so it cannot be filtered.`,
    );
  }
  if (!isExtension) {
    switch (attribute.name) {
      case "id":
        return idTarget(attribute, scimUsers.id);
      case "userName":
        return textColumn(attribute, scimUsers.userName);
      case "externalId":
        return textColumn(attribute, scimUsers.externalId);
      case "displayName":
        return textColumn(attribute, scimUsers.displayName);
      case "active":
        return scalar(attribute, sql`${scimUsers.active}`);
      case "meta":
        return metaTarget(attribute, subAttribute, "User", scimUsers);
      case "groups":
        return {
          kind: "elements",
          source: userGroupsSource(attribute),
          sub: subAttribute,
        };
    }
  }

  const resource = sql`${scimUsers.resource}`;
  const parent =
    isExtension && schema ? jsonMember(resource, schema.id) : resource;
  return documentTarget(attribute, subAttribute, parent);
}

export function groupTarget({
  attribute,
  subAttribute,
}: ResolvedAttribute): Target {
  switch (attribute.name) {
    case "id":
      return idTarget(attribute, scimGroups.id);
    case "externalId":
      return textColumn(attribute, scimGroups.externalId);
    case "displayName":
      return textColumn(attribute, scimGroups.displayName);
    case "meta":
      return metaTarget(attribute, subAttribute, "Group", scimGroups);
    case "members":
      return {
        kind: "elements",
        source: groupMembersSource(attribute),
        sub: subAttribute,
      };
    default:
      throw reject(`Filtering on "${attribute.name}" is not supported.`);
  }
}

/** Core and extension attributes kept in the jsonb `resource` document. */
function documentTarget(
  attribute: AttributeDefinition,
  sub: AttributeDefinition | undefined,
  parent: SQL,
): Target {
  const json = jsonMember(parent, attribute.name);
  if (attribute.multiValued && attribute.type === "complex") {
    return { kind: "elements", source: jsonArraySource(attribute, json), sub };
  }
  if (attribute.multiValued) {
    throw reject(`Filtering on "${attribute.name}" is not supported.`);
  }
  if (attribute.type !== "complex") {
    return {
      kind: "scalar",
      operand: jsonOperand(attribute, parent, attribute.name),
    };
  }

  return sub
    ? { kind: "scalar", operand: jsonOperand(sub, json, sub.name) }
    : { kind: "object", definition: attribute, present: jsonPresent(json) };
}

function metaTarget(
  meta: AttributeDefinition,
  sub: AttributeDefinition | undefined,
  resourceType: string,
  table: { createdAt: AnyColumn; updatedAt: AnyColumn },
): Target {
  if (!sub) return { kind: "object", definition: meta, present: sql`true` };
  // Resources show their times in milliseconds (toISOString); comparing at
  // that precision keeps `meta.lastModified gt "<a time we returned>"` from
  // matching the same resource again.
  const shown = (column: AnyColumn) =>
    scalar(sub, sql`date_trunc('milliseconds', ${column})`);
  switch (sub.name) {
    case "created":
      return shown(table.createdAt);
    case "lastModified":
      return shown(table.updatedAt);
    case "resourceType":
      return { kind: "scalar", operand: constantOperand(sub, resourceType) };
    default:
      throw reject(`Filtering on "meta.${sub.name}" is not supported.`);
  }
}

/** A NOT NULL column: always present. */
const scalar = (definition: AttributeDefinition, value: SQL): Target => ({
  kind: "scalar",
  operand: { definition, value, present: sql`true` },
});

const textColumn = (
  definition: AttributeDefinition,
  column: AnyColumn,
): Target => ({
  kind: "scalar",
  operand: {
    definition,
    value: sql`${column}`,
    present: textPresent(sql`${column}`),
  },
});

const idTarget = (
  definition: AttributeDefinition,
  column: AnyColumn,
): Target => ({
  kind: "scalar",
  operand: {
    definition,
    value: sql`${column}::text`,
    present: sql`true`,
    uuid: sql`${column}`,
  },
});

export const findSubAttribute = (
  attribute: AttributeDefinition,
  name: string,
) =>
  attribute.subAttributes?.find(
    (s) => s.name.toLowerCase() === name.toLowerCase(),
  );
