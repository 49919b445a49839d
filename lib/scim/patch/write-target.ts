import { badRequest } from "../errors";
import {
  assertValueCount,
  coerceList,
  isUnassign,
  mergeComplex,
  writeSubAttribute,
} from "./coerce-value";
import { getOwn, isPlainObject, setOwn, type ScimDocument } from "./document";
import {
  addElements,
  enforceSinglePrimary,
  equalitiesOf,
} from "./multi-valued";
import type { AttributeTarget } from "./resolve-target";
import {
  isEmptyObject,
  labelOf,
  nonEmpty,
  readHolder,
  storeHolder,
} from "./target-holder";

export type WriteMode = "add" | "replace";

/**
 * `add` or `replace` of `raw` at an attribute target (RFC 7644 §3.5.2.1,
 * §3.5.2.3). Both merge into complex values: the RFC has replace leave
 * unnamed sub-attributes unchanged. null and "" unassign.
 */
export function writeTarget(
  document: ScimDocument,
  target: AttributeTarget,
  raw: unknown,
  mode: WriteMode,
): void {
  const { attribute, subAttribute } = target;
  const label = labelOf(target);
  if (
    attribute.mutability === "readOnly" ||
    subAttribute?.mutability === "readOnly"
  ) {
    throw badRequest("mutability", `Attribute "${label}" is read-only.`);
  }
  // attributes.ts: the password is accepted and discarded, never stored.
  if (attribute.mutability === "writeOnly") return;

  const holder = readHolder(document, target);
  if (attribute.multiValued) {
    writeMultiValued(holder, target, raw, mode);
  } else if (attribute.type !== "complex") {
    writeSubAttribute(holder, attribute, raw, label);
  } else {
    const current = getOwn(holder, attribute.name);
    const element = isPlainObject(current) ? current : {};
    if (subAttribute) writeSubAttribute(element, subAttribute, raw, label);
    else if (!isUnassign(raw)) mergeComplex(element, raw, attribute, label);
    const isCleared = !subAttribute && isUnassign(raw);
    setOwn(holder, attribute.name, isCleared ? undefined : nonEmpty(element));
  }
  storeHolder(document, target, holder);
}

function writeMultiValued(
  holder: ScimDocument,
  target: AttributeTarget,
  raw: unknown,
  mode: WriteMode,
): void {
  const { attribute, filter, subAttribute } = target;
  const label = labelOf(target);
  const current = getOwn(holder, attribute.name);
  const existing = Array.isArray(current) ? [...current] : [];
  let list: unknown[];
  let written: Set<unknown>;
  if (filter || subAttribute) {
    written = writeSelected(existing, target, raw, mode);
    list = existing.filter((element) => !isEmptyObject(element));
  } else {
    list = mode === "add" ? existing : [];
    const incoming = coerceList(attribute, raw, label);
    written = addElements(list, incoming, attribute, label);
  }
  enforceSinglePrimary(list, written, label);
  assertValueCount(attribute, list.length, attribute.name);
  setOwn(holder, attribute.name, list.length > 0 ? list : undefined);
}

/**
 * Writes into the values a filter (or a bare sub-attribute path) selects.
 * When none match, the value the filter describes is created: Entra ID
 * replaces `emails[type eq "work"].value` on users without a work email and
 * expects it to appear (DESIGN.md). RFC 7644 §3.5.2.3 would answer noTarget;
 * we still do when the filter does not describe one value.
 */
function writeSelected(
  list: unknown[],
  target: AttributeTarget,
  raw: unknown,
  mode: WriteMode,
): Set<unknown> {
  const { attribute, filter, matches, subAttribute } = target;
  const label = labelOf(target);
  const selected = list.filter(
    (element): element is ScimDocument =>
      isPlainObject(element) && (!matches || matches(element)),
  );
  if (selected.length === 0) {
    if (isUnassign(raw)) return new Set();
    const created = filter ? equalitiesOf(filter, attribute) : {};
    if (!created) {
      throw badRequest("noTarget", `No value of "${attribute.name}" matches.`);
    }
    list.push(created);
    selected.push(created);
  }
  for (const element of selected) {
    if (subAttribute) {
      writeSubAttribute(element, subAttribute, raw, label);
    } else if (isUnassign(raw)) {
      Object.keys(element).forEach((key) => setOwn(element, key, undefined));
    } else if (mode === "add") {
      mergeComplex(element, raw, attribute, label);
    } else {
      // RFC 7644 §3.5.2.3: matching values are replaced as a whole; they keep
      // the fields the filter fixes, so they still match it afterwards.
      const replacement = (filter && equalitiesOf(filter, attribute)) || {};
      mergeComplex(replacement, raw, attribute, label);
      Object.keys(element).forEach((key) => setOwn(element, key, undefined));
      Object.keys(replacement).forEach((key) =>
        setOwn(element, key, replacement[key]),
      );
    }
  }

  return new Set(selected);
}
