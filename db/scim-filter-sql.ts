import { sql, type SQL } from "drizzle-orm";

import { GROUP_RESOURCE, USER_RESOURCE } from "../lib/scim/attributes";
import { notPrepared } from "./client";
import { badRequest } from "../lib/scim/errors";
import type {
  AttributePath,
  CompareOperator,
  FilterNode,
  FilterValue,
} from "../lib/scim/filter/ast";
import { resolveAttribute } from "../lib/scim/resolve";
import { compareOperand } from "./scim-filter-operand";
import type { ElementSource } from "./scim-filter-sources";
import {
  findSubAttribute,
  groupTarget,
  userTarget,
  type Target,
} from "./scim-filter-targets";

// Compiles a parsed RFC 7644 §3.4.2.2 filter to a WHERE fragment over
// scim_users or scim_groups (unaliased), for the caller to AND with
// `workspace_id = …`. Nothing is filtered in memory and unknown attributes
// are 400 invalidFilter, never ignored (DESIGN.md, filters).

type Resolve = (path: AttributePath) => Target;

const reject = (detail: string) => badRequest("invalidFilter", detail);

// A filter's SQL has the shape the client chose, so the statement that
// carries it is not prepared (db/client.ts).
export function compileUserFilter(node: FilterNode): SQL {
  return sql`${notPrepared}${compileNode(node, (path) =>
    userTarget(resolveAttribute(path, USER_RESOURCE, "invalidFilter")),
  )}`;
}

export function compileGroupFilter(node: FilterNode): SQL {
  return sql`${notPrepared}${compileNode(node, (path) =>
    groupTarget(resolveAttribute(path, GROUP_RESOURCE, "invalidFilter")),
  )}`;
}

function compileNode(node: FilterNode, resolve: Resolve): SQL {
  switch (node.kind) {
    case "and":
    case "or": {
      const left = compileNode(node.left, resolve);
      const right = compileNode(node.right, resolve);
      return node.kind === "and"
        ? sql`(${left} and ${right})`
        : sql`(${left} or ${right})`;
    }
    case "not":
      // An absent attribute makes a comparison NULL: `not` must be true then.
      return sql`((${compileNode(node.filter, resolve)}) is not true)`;
    case "present":
      return presentIn(resolve(node.path));
    case "compare": {
      const target = resolve(node.path);
      if (node.value !== null) return compareIn(target, node.op, node.value);
      // RFC 7644 leaves `eq null` open; Roster reads it as "not present".
      if (node.op === "eq") return sql`(not ${presentIn(target)})`;
      if (node.op === "ne") return presentIn(target);
      throw reject(
        `"${node.path.attribute} ${node.op} null" compares nothing.`,
      );
    }
    case "valuePath": {
      const target = resolve(node.path);
      if (target.kind !== "elements" || target.sub) {
        throw reject(`"${node.path.attribute}" cannot take a value filter.`);
      }
      const { source } = target;
      return source.exists(compileNode(node.filter, elementResolver(source)));
    }
  }
}

function presentIn(target: Target): SQL {
  switch (target.kind) {
    case "scalar":
      return target.operand.present;
    case "object":
      return target.present;
    case "elements": {
      const { source, sub } = target;
      return source.exists(sub ? source.operand(sub).present : sql`true`);
    }
  }
}

function compareIn(
  target: Target,
  op: CompareOperator,
  value: Exclude<FilterValue, null>,
): SQL {
  switch (target.kind) {
    case "scalar":
      return compareOperand(target.operand, op, value);
    case "object":
      throw reject(
        `"${target.definition.name}" is complex: compare one of its ` +
          `sub-attributes.`,
      );
    case "elements": {
      const { source } = target;
      const { name } = source.attribute;
      // RFC 7644 §3.4.2.2's own example, `emails co "example.com"`, compares
      // the value sub-attribute of each element.
      const sub = target.sub ?? findSubAttribute(source.attribute, "value");
      if (!sub) {
        throw reject(
          `"${name}" has no value: compare one of its sub-attributes.`,
        );
      }

      return source.exists(compareOperand(source.operand(sub), op, value));
    }
  }
}

/** Paths inside a value filter name sub-attributes of one element. */
function elementResolver(source: ElementSource): Resolve {
  return (path) => {
    const sub =
      path.schema === undefined && path.subAttribute === undefined
        ? findSubAttribute(source.attribute, path.attribute)
        : undefined;
    if (!sub) {
      throw reject(
        `"${source.attribute.name}" has no sub-attribute "${path.attribute}".`,
      );
    }

    return { kind: "scalar", operand: source.operand(sub) };
  };
}
