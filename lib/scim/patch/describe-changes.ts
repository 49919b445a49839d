import type { ResourceSchemas } from "../attributes";
import {
  getOwn,
  isDeepEqual,
  isPlainObject,
  type ScimDocument,
} from "./document";
import { identityOf } from "./multi-valued";

export interface PatchChanges {
  /**
   * Attributes whose value differs, sorted: top-level names (`active`,
   * `emails`, `members`) and extension attributes qualified by their URN
   * (`urn:…:enterprise:2.0:User:department`). Empty when nothing changed.
   */
  changedAttributes: string[];
  /** `members[].value`s present after and not before (Groups). */
  membersAdded: string[];
  /** `members[].value`s present before and not after (Groups). */
  membersRemoved: string[];
}

/** Compares the documents themselves, so only real changes are reported. */
export function describeChanges(
  before: ScimDocument,
  after: ScimDocument,
  resource: ResourceSchemas,
): PatchChanges {
  const extensions = new Set(resource.extensions.map((schema) => schema.id));
  const changed = new Set<string>();
  for (const key of unionOfKeys(before, after)) {
    const [old, now] = [getOwn(before, key), getOwn(after, key)];
    if (isDeepEqual(old, now)) continue;
    if (!extensions.has(key)) {
      changed.add(key);
      continue;
    }
    const [oldObject, newObject] = [asObject(old), asObject(now)];
    for (const name of unionOfKeys(oldObject, newObject)) {
      if (!isDeepEqual(getOwn(oldObject, name), getOwn(newObject, name))) {
        changed.add(`${key}:${name}`);
      }
    }
  }

  const [added, removed] = diffMembers(before, after, resource);

  return {
    changedAttributes: [...changed].sort(),
    membersAdded: added,
    membersRemoved: removed,
  };
}

const asObject = (value: unknown): ScimDocument =>
  isPlainObject(value) ? value : {};

const unionOfKeys = (a: ScimDocument, b: ScimDocument) =>
  new Set([...Object.keys(a), ...Object.keys(b)]);

function diffMembers(
  before: ScimDocument,
  after: ScimDocument,
  resource: ResourceSchemas,
): [added: string[], removed: string[]] {
  const members = resource.core.attributes.find((a) => a.name === "members");
  if (!members) return [[], []];
  const valuesOf = (document: ScimDocument) => {
    const list = getOwn(document, "members");
    const values = new Map<string, string>();
    for (const element of Array.isArray(list) ? list : []) {
      const value = isPlainObject(element)
        ? getOwn(element, "value")
        : undefined;
      if (typeof value === "string") {
        values.set(identityOf(element, members), value);
      }
    }

    return values;
  };
  const [old, now] = [valuesOf(before), valuesOf(after)];
  const missingFrom = (a: Map<string, string>, b: Map<string, string>) =>
    [...a].filter(([key]) => !b.has(key)).map(([, value]) => value);

  return [missingFrom(now, old), missingFrom(old, now)];
}
