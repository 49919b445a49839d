import type { AttributeDefinition } from "../attributes";
import { badRequest } from "../errors";
import type {
  AttributePath,
  CompareOperator,
  FilterNode,
  FilterValue,
} from "./ast";
import { normalizeDateTime } from "./date-time";

// In-memory evaluation of a value filter (`type eq "work" and primary eq
// true`) against one element of a multi-valued complex attribute, for the
// PATCH engine (RFC 7644 §3.5.2). List filters never come here: they compile
// to SQL (db/scim-filter-sql.ts) with the same semantics.

type Element = Record<string, unknown>;
export type ElementPredicate = (element: Element) => boolean;
type Comparable = string | number | boolean;

const ORDERING_OPERATORS = ["eq", "ne", "gt", "ge", "lt", "le"];
const ALLOWED_OPERATORS: Record<string, readonly string[]> = {
  boolean: ["eq", "ne"],
  dateTime: ORDERING_OPERATORS,
  integer: ORDERING_OPERATORS,
  decimal: ORDERING_OPERATORS,
};

export function matchesFilter(
  node: FilterNode,
  element: Record<string, unknown>,
  attribute: AttributeDefinition,
): boolean {
  return compileValueFilter(node, attribute)(element);
}

/**
 * Checks the filter against the attribute's sub-attributes once and returns
 * a predicate for its elements. Unknown names and comparisons a type does
 * not support throw 400 invalidFilter even when there is no element to test.
 */
export function compileValueFilter(
  node: FilterNode,
  attribute: AttributeDefinition,
): ElementPredicate {
  switch (node.kind) {
    case "and":
    case "or": {
      const left = compileValueFilter(node.left, attribute);
      const right = compileValueFilter(node.right, attribute);
      return node.kind === "and"
        ? (element) => left(element) && right(element)
        : (element) => left(element) || right(element);
    }
    case "not": {
      const inner = compileValueFilter(node.filter, attribute);
      return (element) => !inner(element);
    }
    case "present": {
      const sub = findSubAttribute(node.path, attribute);
      return (element) => isPresent(readValue(element, sub.name));
    }
    case "compare":
      return compileComparison(
        findSubAttribute(node.path, attribute),
        node.op,
        node.value,
      );
    case "valuePath":
      throw badRequest("invalidFilter", "Value filters cannot be nested.");
  }
}

function compileComparison(
  sub: AttributeDefinition,
  op: CompareOperator,
  value: FilterValue,
): ElementPredicate {
  const reject = (why: string) =>
    badRequest("invalidFilter", `"${sub.name} ${op}" ${why}.`);

  // RFC 7644 §3.4.2.2 leaves `eq null` open; Roster reads it as "not present".
  if (value === null) {
    if (op !== "eq" && op !== "ne") throw reject("cannot compare with null");
    const wanted = op === "ne";
    return (element) => isPresent(readValue(element, sub.name)) === wanted;
  }
  const allowed = ALLOWED_OPERATORS[sub.type];
  if (allowed && !allowed.includes(op)) {
    throw reject(`is not supported on ${sub.type} attributes`);
  }

  const toComparable = comparableFor(sub);
  const target = toComparable(value);
  if (target === undefined) throw reject(`expects ${describeType(sub)}`);

  return (element) =>
    applyOperator(op, toComparable(readValue(element, sub.name)), target);
}

/** Maps a raw value to what the sub-attribute's type compares, or undefined. */
function comparableFor(sub: AttributeDefinition) {
  return (raw: unknown): Comparable | undefined => {
    switch (sub.type) {
      case "boolean":
        return typeof raw === "boolean" ? raw : undefined;
      case "integer":
      case "decimal":
        return typeof raw === "number" ? raw : undefined;
      case "dateTime": {
        const text =
          typeof raw === "string" ? normalizeDateTime(raw) : undefined;
        return text === undefined ? undefined : Date.parse(text);
      }
      default:
        if (typeof raw !== "string") return undefined;
        return sub.caseExact ? raw : raw.toLowerCase();
    }
  };
}

const describeType = (sub: AttributeDefinition) =>
  sub.type === "integer" ? "an integer value" : `a ${sub.type} value`;

function applyOperator(
  op: CompareOperator,
  actual: Comparable | undefined,
  target: Comparable,
): boolean {
  // An absent value is distinct from every target, so only `ne` holds.
  if (actual === undefined) return op === "ne";
  if (op === "eq" || op === "ne") return (actual === target) === (op === "eq");
  if (typeof actual === "string" && typeof target === "string") {
    if (op === "co") return actual.includes(target);
    if (op === "sw") return actual.startsWith(target);
    if (op === "ew") return actual.endsWith(target);
  }
  if (op === "gt") return actual > target;
  if (op === "ge") return actual >= target;
  if (op === "lt") return actual < target;

  return op === "le" && actual <= target;
}

function findSubAttribute(
  path: AttributePath,
  attribute: AttributeDefinition,
): AttributeDefinition {
  const name = path.attribute.toLowerCase();
  const sub = attribute.subAttributes?.find(
    (s) => s.name.toLowerCase() === name,
  );
  if (!sub || path.schema !== undefined || path.subAttribute !== undefined) {
    throw badRequest(
      "invalidFilter",
      `"${attribute.name}" has no sub-attribute "${path.attribute}".`,
    );
  }

  return sub;
}

/** Own keys only, matched ignoring case (RFC 7643 §2.1). */
function readValue(element: Element, name: string): unknown {
  if (Object.hasOwn(element, name)) return element[name];
  const key = Object.keys(element).find(
    (k) => k.toLowerCase() === name.toLowerCase(),
  );

  return key === undefined ? undefined : element[key];
}

// RFC 7644 §3.4.2.2 "pr": a value that is not null and not empty.
function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;

  return true;
}
