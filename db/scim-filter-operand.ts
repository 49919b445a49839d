import { sql, type SQL } from "drizzle-orm";

import type { AttributeDefinition } from "../lib/scim/attributes";
import { badRequest } from "../lib/scim/errors";
import type { CompareOperator, FilterValue } from "../lib/scim/filter/ast";
import { normalizeDateTime } from "../lib/scim/filter/date-time";

// One comparable value of a SCIM filter in SQL: a column, a jsonb member or a
// constant, with the rules of RFC 7644 §3.4.2.2 for its type. Every value of
// the client is a bound parameter. Comparisons may be NULL when the attribute
// is absent; the compiler writes `not` as `IS NOT TRUE`, so NULL reads as
// false everywhere, and `ne` uses IS DISTINCT FROM, so absent ≠ anything.

export interface Operand {
  definition: AttributeDefinition;
  /** A text, boolean or timestamptz expression; undefined if not comparable. */
  value?: SQL;
  /** Present (RFC 7644 "pr"): not null, not "", not [] or {}. Never NULL. */
  present: SQL;
  /** The uuid column behind `value`, so `eq` can use its index. */
  uuid?: SQL;
}

const ORDERING = ["eq", "ne", "gt", "ge", "lt", "le"];
const ALLOWED: Record<string, readonly string[]> = {
  boolean: ["eq", "ne"],
  dateTime: ORDERING,
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const textPresent = (text: SQL): SQL =>
  sql`(${text} is not null and ${text} <> '')`;

export const jsonPresent = (json: SQL): SQL =>
  sql`coalesce(${json} not in ('null', '""', '[]', '{}'), false)`;

export function compareOperand(
  operand: Operand,
  op: CompareOperator,
  value: Exclude<FilterValue, null>,
): SQL {
  const { definition, value: left } = operand;
  const reject = (why: string) =>
    badRequest("invalidFilter", `"${definition.name} ${op}" ${why}.`);
  const allowed = ALLOWED[definition.type];
  if (allowed && !allowed.includes(op)) {
    throw reject(`is not supported on ${definition.type} attributes`);
  }
  if (!left) throw reject("is not supported by this server");

  switch (definition.type) {
    case "boolean":
      if (typeof value !== "boolean") throw reject("expects a boolean value");
      return ordered(op, left, sql`${value}`);
    case "dateTime": {
      const instant = typeof value === "string" && normalizeDateTime(value);
      if (!instant) throw reject("expects a dateTime value");
      return ordered(op, left, sql`${instant}::timestamptz`);
    }
    case "string":
    case "reference":
    case "binary":
      if (typeof value !== "string") throw reject("expects a string value");
      // PostgreSQL text cannot hold U+0000, and no stored value contains it.
      if (value.includes("\u0000")) throw reject("has a NUL character");
      return compareText(operand, left, op, value);
    default:
      throw reject(`is not supported on ${definition.type} attributes`);
  }
}

function compareText(
  operand: Operand,
  left: SQL,
  op: CompareOperator,
  value: string,
): SQL {
  if (operand.uuid && op === "eq") {
    // A uuid column holds only canonical text, so anything else matches none.
    return UUID.test(value)
      ? sql`${operand.uuid} = ${value}::uuid`
      : sql`false`;
  }

  const fold = (text: SQL) =>
    operand.definition.caseExact ? text : sql`lower(${text})`;
  const pattern = (before: string, after: string) =>
    fold(sql`${before + escapeLike(value) + after}`);
  switch (op) {
    case "co":
      return sql`${fold(left)} like ${pattern("%", "%")} escape '\\'`;
    case "sw":
      return sql`${fold(left)} like ${pattern("", "%")} escape '\\'`;
    case "ew":
      return sql`${fold(left)} like ${pattern("%", "")} escape '\\'`;
    case "eq":
    case "ne":
      return ordered(op, fold(left), fold(sql`${value}`));
    default:
      // Byte order, the same on every database, whatever its locale.
      return ordered(op, sql`${fold(left)} collate "C"`, fold(sql`${value}`));
  }
}

function ordered(op: CompareOperator, left: SQL, right: SQL): SQL {
  switch (op) {
    case "eq":
      return sql`${left} = ${right}`;
    case "ne":
      return sql`${left} is distinct from ${right}`;
    case "gt":
      return sql`${left} > ${right}`;
    case "ge":
      return sql`${left} >= ${right}`;
    case "lt":
      return sql`${left} < ${right}`;
    default:
      return sql`${left} <= ${right}`;
  }
}

const escapeLike = (value: string) => value.replaceAll(/[\\%_]/g, "\\$&");
