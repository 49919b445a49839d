import { getOwn, isPlainObject, setOwn, type ScimDocument } from "./document";
import type { AttributeTarget } from "./resolve-target";

// Core and common attributes live at the top of the document; extension
// attributes inside the object keyed by the extension's URN (RFC 7643 §3).

export function readHolder(
  document: ScimDocument,
  target: AttributeTarget,
): ScimDocument {
  if (!target.extension) return document;
  const holder = getOwn(document, target.extension);

  return isPlainObject(holder) ? holder : {};
}

/** Stores the extension object back, dropping it once it holds nothing. */
export function storeHolder(
  document: ScimDocument,
  target: AttributeTarget,
  holder: ScimDocument,
): void {
  if (!target.extension) return;
  const isEmpty = Object.keys(holder).length === 0;
  setOwn(document, target.extension, isEmpty ? undefined : holder);
}

export const nonEmpty = (element: ScimDocument) =>
  Object.keys(element).length > 0 ? element : undefined;

export const isEmptyObject = (value: unknown) =>
  isPlainObject(value) && Object.keys(value).length === 0;

export function labelOf(target: AttributeTarget): string {
  const { attribute, subAttribute } = target;

  return subAttribute
    ? `${attribute.name}.${subAttribute.name}`
    : attribute.name;
}
