// A SCIM resource as a plain JSON document, and the only ways this module
// reads and writes its keys. Reads look at own properties only and writes go
// through Object.defineProperty, so no key can ever reach a prototype.

export type ScimDocument = Record<string, unknown>;

export function isPlainObject(value: unknown): value is ScimDocument {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);

  return prototype === Object.prototype || prototype === null;
}

export function getOwn(object: ScimDocument, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Sets `key`, or removes it when `value` is undefined (unassigned). */
export function setOwn(object: ScimDocument, key: string, value: unknown) {
  if (value === undefined) {
    if (Object.hasOwn(object, key)) delete object[key];
    return;
  }
  Object.defineProperty(object, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** The own key equal to `name` ignoring case: exact spelling wins. */
export function findOwnKey(
  object: ScimDocument,
  name: string,
): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const lower = name.toLowerCase();

  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

/** A copy sharing nothing with the input; keys such as "__proto__" stay own. */
export function cloneDocument(document: ScimDocument): ScimDocument {
  const copy: unknown = JSON.parse(JSON.stringify(document));
  if (!isPlainObject(copy)) throw new TypeError("Not a JSON object.");

  return copy;
}

export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => isDeepEqual(x, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);

  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && isDeepEqual(a[key], b[key]))
  );
}

/** True when every key of `part` holds an equal value in `whole`. */
export function isDeepSubset(whole: unknown, part: unknown): boolean {
  if (!isPlainObject(whole) || !isPlainObject(part)) {
    return isDeepEqual(whole, part);
  }

  return Object.keys(part).every((key) =>
    isDeepSubset(getOwn(whole, findOwnKey(whole, key) ?? key), part[key]),
  );
}
