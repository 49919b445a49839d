import { badRequest } from "../errors";
import { coerceList, isUnassign } from "./coerce-value";
import { getOwn, isPlainObject, setOwn, type ScimDocument } from "./document";
import { withoutElements } from "./multi-valued";
import type { AttributeTarget, Target } from "./resolve-target";
import {
  isEmptyObject,
  labelOf,
  nonEmpty,
  readHolder,
  storeHolder,
} from "./target-holder";

/**
 * RFC 7644 §3.5.2.2 `remove`. A filter that matches nothing removes nothing
 * and succeeds: §3.5.2.2 asks for noTarget only when the path is missing, and
 * a replayed removal (a member already gone) must not fail the IdP's sync.
 */
export function removeTarget(
  document: ScimDocument,
  target: Target,
  value: unknown,
): void {
  if (target.kind === "schema") {
    if (!target.isExtension) {
      throw badRequest("mutability", "The core schema cannot be removed.");
    }
    setOwn(document, target.schema.id, undefined);
    return;
  }
  const { attribute, subAttribute } = target;
  if (
    attribute.mutability === "readOnly" ||
    subAttribute?.mutability === "readOnly"
  ) {
    throw badRequest(
      "mutability",
      `Attribute "${labelOf(target)}" is read-only.`,
    );
  }

  const holder = readHolder(document, target);
  const current = getOwn(holder, attribute.name);
  if (attribute.multiValued) {
    const list = Array.isArray(current) ? current : [];
    const kept = removeValues(list, target, value);
    setOwn(holder, attribute.name, kept.length > 0 ? kept : undefined);
  } else if (subAttribute && isPlainObject(current)) {
    setOwn(current, subAttribute.name, undefined);
    setOwn(holder, attribute.name, nonEmpty(current));
  } else if (!subAttribute) {
    setOwn(holder, attribute.name, undefined);
  }
  storeHolder(document, target, holder);
}

function removeValues(
  list: unknown[],
  target: AttributeTarget,
  value: unknown,
): unknown[] {
  const { attribute, filter, matches, subAttribute } = target;
  if (!filter && !subAttribute) {
    if (value === undefined || isUnassign(value)) return [];
    // Entra ID removes group members with `path: "members"` and a value list.
    const removed = coerceList(attribute, value, labelOf(target));

    return withoutElements(list, removed, attribute);
  }
  const isSelected = (element: unknown): element is ScimDocument =>
    isPlainObject(element) && (!matches || matches(element));
  if (!subAttribute) return list.filter((element) => !isSelected(element));

  // RFC 7644 §3.5.2.2: the sub-attribute becomes unassigned in each match.
  return list
    .map((element) => {
      if (!isSelected(element)) return element;
      const copy = { ...element };
      setOwn(copy, subAttribute.name, undefined);

      return copy;
    })
    .filter((element) => !isEmptyObject(element));
}
