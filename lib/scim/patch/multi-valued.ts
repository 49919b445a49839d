import type { AttributeDefinition } from "../attributes";
import { badRequest } from "../errors";
import type { AttributePath, FilterNode } from "../filter/ast";
import {
  coerceSimple,
  findSubAttribute,
  isPrimary,
  mergeComplex,
} from "./coerce-value";
import {
  getOwn,
  isDeepEqual,
  isPlainObject,
  setOwn,
  type ScimDocument,
} from "./document";

/**
 * What makes two values the same value: the "value" sub-attribute when there
 * is one (RFC 7643 §2.4), compared ignoring case unless it is caseExact;
 * otherwise the whole value.
 */
export function identityOf(element: unknown, attribute: AttributeDefinition) {
  const sub = findSubAttribute(attribute, "value");
  const value = isPlainObject(element) ? getOwn(element, "value") : element;
  if (sub && typeof value === "string") {
    return `v:${sub.caseExact ? value : value.toLowerCase()}`;
  }

  return `j:${JSON.stringify(element)}`;
}

/**
 * RFC 7644 §3.5.2.1: adds values not yet present; a value already present
 * takes the sub-attributes given, so re-adding it changes nothing. Returns
 * the values written, for the primary rule.
 */
export function addElements(
  list: unknown[],
  incoming: unknown[],
  attribute: AttributeDefinition,
  label: string,
): Set<unknown> {
  const positions = new Map<string, number>();
  list.forEach((element, i) =>
    positions.set(identityOf(element, attribute), i),
  );
  const written = new Set<unknown>();
  for (const element of incoming) {
    const key = identityOf(element, attribute);
    const at = positions.get(key);
    const existing = at === undefined ? undefined : list[at];
    if (isPlainObject(existing) && isPlainObject(element)) {
      // The stored spelling of the identifying value stays (§3.5.2.1).
      const others = Object.entries(element).filter(([k]) => k !== "value");
      mergeComplex(existing, Object.fromEntries(others), attribute, label);
      written.add(existing);
    } else if (at === undefined) {
      positions.set(key, list.length);
      list.push(element);
      written.add(element);
    }
  }

  return written;
}

export function withoutElements(
  list: unknown[],
  removed: unknown[],
  attribute: AttributeDefinition,
): unknown[] {
  const keys = new Set(removed.map((e) => identityOf(e, attribute)));

  return list.filter((element) => !keys.has(identityOf(element, attribute)));
}

/** RFC 7643 §2.4: one primary value at most; the value just written wins. */
export function enforceSinglePrimary(
  list: unknown[],
  written: Set<unknown>,
  label: string,
): void {
  const primaries = list.filter(isPrimary);
  if (primaries.length <= 1) return;
  const winners = primaries.filter((element) => written.has(element));
  if (winners.length !== 1) {
    throw badRequest("invalidValue", `"${label}" has several primary values.`);
  }
  for (const element of primaries) {
    if (element !== winners[0] && isPlainObject(element)) {
      setOwn(element, "primary", false);
    }
  }
}

/** The sub-attribute a value filter's path names, relative to one element. */
export function filterSubAttribute(
  path: AttributePath,
  attribute: AttributeDefinition,
): AttributeDefinition | undefined {
  if (path.schema !== undefined) return undefined;
  if (path.subAttribute === undefined) {
    return findSubAttribute(attribute, path.attribute);
  }
  const isOwnName =
    path.attribute.toLowerCase() === attribute.name.toLowerCase();

  return isOwnName ? findSubAttribute(attribute, path.subAttribute) : undefined;
}

/**
 * The element a value filter describes, so `add`/`replace` can create it when
 * nothing matches: `type eq "work" and primary eq true` gives
 * `{type: "work", primary: true}`. Undefined for anything but equalities
 * joined by `and`.
 */
export function equalitiesOf(
  filter: FilterNode,
  attribute: AttributeDefinition,
): ScimDocument | undefined {
  if (filter.kind === "and") {
    const left = equalitiesOf(filter.left, attribute);
    const right = equalitiesOf(filter.right, attribute);
    if (!left || !right) return undefined;
    for (const key of Object.keys(right)) {
      const known = getOwn(left, key);
      if (known !== undefined && !isDeepEqual(known, right[key])) {
        return undefined;
      }
      setOwn(left, key, right[key]);
    }

    return left;
  }
  if (filter.kind !== "compare" || filter.op !== "eq") return undefined;
  const sub = filterSubAttribute(filter.path, attribute);
  if (!sub || sub.type === "complex") return undefined;
  const label = `${attribute.name}.${sub.name}`;
  const element: ScimDocument = {};
  setOwn(element, sub.name, coerceSimple(sub, filter.value, label));

  return Object.keys(element).length > 0 ? element : undefined;
}
