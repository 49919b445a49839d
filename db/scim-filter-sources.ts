import { sql, type AnyColumn, type SQL } from "drizzle-orm";

import type { AttributeDefinition } from "../lib/scim/attributes";
import { badRequest } from "../lib/scim/errors";
import { jsonPresent, type Operand } from "./scim-filter-operand";
import { scimGroupMembers, scimGroups, scimUsers } from "./schema";

// Where the values of a filtered attribute live: jsonb members of the
// resource document, columns, and the rows of a multi-valued attribute. A
// value path compiles its whole filter inside one EXISTS over the elements,
// so `emails[type eq "work" and value eq "x"]` holds for one email.

export interface ElementSource {
  attribute: AttributeDefinition;
  /** True when some element satisfies `condition` (about one element). */
  exists(condition: SQL): SQL;
  /** A sub-attribute of the element `exists` is looking at. */
  operand(sub: AttributeDefinition): Operand;
}

const unsupported = (name: string) =>
  badRequest("invalidFilter", `Filtering on "${name}" is not supported.`);

export const jsonMember = (parent: SQL, key: string) =>
  sql`(${parent} -> ${key}::text)`;

/** A member of a jsonb object; the key is a parameter like any value. */
export function jsonOperand(
  definition: AttributeDefinition,
  parent: SQL,
  key: string,
): Operand {
  const json = jsonMember(parent, key);
  const text = sql`(${parent} ->> ${key}::text)`;
  const present = jsonPresent(json);
  switch (definition.type) {
    case "string":
    case "reference":
    case "binary":
      return { definition, value: text, present };
    case "boolean":
      // Only true and false compare; any other stored value reads as absent.
      return {
        definition,
        value: sql`(case lower(${text})
          when 'true' then true when 'false' then false end)`,
        present,
      };
    default:
      return { definition, present };
  }
}

/** Elements of a jsonb array, e.g. resource -> 'emails'; not an array: none. */
export function jsonArraySource(
  attribute: AttributeDefinition,
  array: SQL,
): ElementSource {
  const elements = sql`jsonb_array_elements(
    case when jsonb_typeof(${array}) = 'array' then ${array} else '[]' end
  ) as scim_element(doc)`;

  return {
    attribute,
    exists: (condition) =>
      sql`exists (select 1 from ${elements} where ${condition})`,
    operand: (sub) => jsonOperand(sub, sql`scim_element.doc`, sub.name),
  };
}

export const constantOperand = (
  definition: AttributeDefinition,
  text: string,
): Operand => ({ definition, value: sql`${text}::text`, present: sql`true` });

/** User.groups: the user's rows in scim_group_members (RFC 7643 §4.1.2). */
export function userGroupsSource(
  attribute: AttributeDefinition,
): ElementSource {
  const m = scimGroupMembers;
  return {
    attribute,
    exists: (condition) =>
      sql`exists (select 1 from ${m}
        where ${m.workspaceId} = ${scimUsers.workspaceId}
          and ${m.scimUserId} = ${scimUsers.id}
          and ${condition})`,
    operand(sub) {
      switch (sub.name) {
        case "value":
          return membershipOperand(sub, m.groupId);
        case "display": {
          const name = sql`(select ${scimGroups.displayName} from ${scimGroups}
            where ${scimGroups.workspaceId} = ${m.workspaceId}
              and ${scimGroups.id} = ${m.groupId})`;
          return { definition: sub, value: name, present: sql`true` };
        }
        case "type":
          return constantOperand(sub, "direct");
        default:
          throw unsupported(`groups.${sub.name}`);
      }
    },
  };
}

/** Group.members: the group's rows in scim_group_members. */
export function groupMembersSource(
  attribute: AttributeDefinition,
): ElementSource {
  const m = scimGroupMembers;
  return {
    attribute,
    exists: (condition) =>
      sql`exists (select 1 from ${m}
        where ${m.workspaceId} = ${scimGroups.workspaceId}
          and ${m.groupId} = ${scimGroups.id}
          and ${condition})`,
    operand(sub) {
      if (sub.name === "value") return membershipOperand(sub, m.scimUserId);
      if (sub.name === "type") return constantOperand(sub, "User");
      throw unsupported(`members.${sub.name}`);
    },
  };
}

const membershipOperand = (
  definition: AttributeDefinition,
  id: AnyColumn,
): Operand => ({
  definition,
  value: sql`${id}::text`,
  present: sql`true`,
  uuid: sql`${id}`,
});
