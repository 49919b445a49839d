import type { AttributeDefinition } from "../attributes";
import { badRequest } from "../errors";
import {
  getOwn,
  isDeepEqual,
  isPlainObject,
  setOwn,
  type ScimDocument,
} from "./document";

export const MAX_STRING_LENGTH = 2048;
export const MAX_VALUES = 100;

const invalidValue = (label: string, problem: string) =>
  badRequest("invalidValue", `Attribute "${label}" ${problem}.`);

/** RFC 7643 §2.5: null is unassigned; IdPs also clear attributes with "". */
export const isUnassign = (raw: unknown) => raw === null || raw === "";

export const findSubAttribute = (
  attribute: AttributeDefinition,
  name: string,
) =>
  attribute.subAttributes?.find(
    (sub) => sub.name.toLowerCase() === name.toLowerCase(),
  );

/**
 * Group membership is bounded by the 1 MiB body limit, not by a value count:
 * a group may legitimately hold thousands of members.
 */
const maxValuesOf = (attribute: AttributeDefinition) =>
  attribute.name === "members" ? Infinity : MAX_VALUES;

/** Coerces a simple (not complex) value; undefined means unassigned. */
export function coerceSimple(
  attribute: AttributeDefinition,
  raw: unknown,
  label: string,
): unknown {
  if (isUnassign(raw)) return undefined;
  switch (attribute.type) {
    case "boolean":
      if (typeof raw === "boolean") return raw;
      // Entra ID sends "True" and "False" (DESIGN.md, PATCH).
      if (typeof raw === "string" && /^\s*(true|false)\s*$/i.test(raw)) {
        return raw.trim().toLowerCase() === "true";
      }
      throw invalidValue(label, "must be a boolean");
    case "integer":
    case "decimal":
      if (typeof raw !== "number" || !Number.isFinite(raw)) {
        throw invalidValue(label, "must be a number");
      }
      if (attribute.type === "integer" && !Number.isInteger(raw)) {
        throw invalidValue(label, "must be an integer");
      }
      return raw;
    case "complex":
      throw invalidValue(label, "must not be nested");
    default:
      if (typeof raw !== "string") {
        throw invalidValue(label, "must be a string");
      }
      if (raw.length > MAX_STRING_LENGTH) {
        throw invalidValue(label, `is over ${MAX_STRING_LENGTH} characters`);
      }
      return raw;
  }
}

/** Sets one sub-attribute of a complex value; undefined unassigns it. */
export function writeSubAttribute(
  element: ScimDocument,
  sub: AttributeDefinition,
  raw: unknown,
  label: string,
): void {
  const value = coerceSimple(sub, raw, label);
  const current = getOwn(element, sub.name);
  // RFC 7643 §2.2: an immutable value may be set once, never changed.
  if (
    sub.mutability === "immutable" &&
    current !== undefined &&
    !isDeepEqual(current, value)
  ) {
    throw badRequest("mutability", `Attribute "${label}" is immutable.`);
  }
  setOwn(element, sub.name, value);
}

/**
 * Writes the sub-attributes given in `raw` into `element`, leaving the others
 * as they are. Unknown sub-attributes are ignored like unknown attributes
 * (RFC 7644 §3.3); readOnly ones are the server's to set (RFC 7643 §2.2) and
 * writeOnly ones are never stored.
 */
export function mergeComplex(
  element: ScimDocument,
  raw: unknown,
  attribute: AttributeDefinition,
  label: string,
): void {
  const source = complexInput(raw, attribute, label);
  for (const key of Object.keys(source)) {
    const sub = findSubAttribute(attribute, key);
    if (!sub || sub.mutability === "readOnly") continue;
    if (sub.mutability === "writeOnly") continue;
    writeSubAttribute(element, sub, source[key], `${label}.${sub.name}`);
  }
}

function complexInput(
  raw: unknown,
  attribute: AttributeDefinition,
  label: string,
): ScimDocument {
  if (isPlainObject(raw)) return raw;
  // Entra ID sends the enterprise manager as a bare id (issue #3).
  if (typeof raw === "string" && findSubAttribute(attribute, "value")) {
    return { value: raw };
  }
  throw invalidValue(label, "must be an object");
}

/** One value of a multi-valued attribute; undefined when it is empty. */
export function coerceElement(
  attribute: AttributeDefinition,
  raw: unknown,
  label: string,
): unknown {
  if (attribute.type !== "complex") return coerceSimple(attribute, raw, label);
  if (isUnassign(raw)) return undefined;
  const element: ScimDocument = {};
  mergeComplex(element, raw, attribute, label);

  return Object.keys(element).length > 0 ? element : undefined;
}

/** A list of values; a lone value stands for a list of one. */
export function coerceList(
  attribute: AttributeDefinition,
  raw: unknown,
  label: string,
): unknown[] {
  if (isUnassign(raw)) return [];
  const items = Array.isArray(raw) ? raw : [raw];
  assertValueCount(attribute, items.length, label);
  const list = items
    .map((item) => coerceElement(attribute, item, label))
    .filter((item) => item !== undefined);
  // RFC 7643 §2.4: "primary" is true for at most one value.
  if (list.filter((item) => isPrimary(item)).length > 1) {
    throw invalidValue(label, "has more than one primary value");
  }

  return list;
}

export function assertValueCount(
  attribute: AttributeDefinition,
  count: number,
  label: string,
): void {
  if (count > maxValuesOf(attribute)) {
    throw invalidValue(label, `has more than ${MAX_VALUES} values`);
  }
}

export const isPrimary = (element: unknown) =>
  isPlainObject(element) && getOwn(element, "primary") === true;
