import type { ResourceSchemas, SchemaDefinition } from "../attributes";
import { badRequest } from "../errors";
import { isUnassign } from "./coerce-value";
import { isPlainObject, type ScimDocument } from "./document";
import { assertNoForbiddenKeys } from "./forbidden-keys";
import { resolveValueKey, type AttributeTarget } from "./resolve-target";
import { writeTarget } from "./write-target";

export type ValueEntry = [target: AttributeTarget, raw: unknown];

/**
 * The attributes named by the keys of an object of attributes (a path-less
 * PATCH value, a POST/PUT body), in order. Keys are attribute paths: plain or
 * dotted names, URN-qualified names, or a bare schema URN holding an object
 * of that schema's attributes, whose null clears them all. Unknown keys are
 * skipped (RFC 7644 §3.3).
 */
export function expandValue(
  value: unknown,
  resource: ResourceSchemas,
  within?: SchemaDefinition,
): ValueEntry[] {
  if (!isPlainObject(value)) {
    throw badRequest("invalidValue", "Expected an object of attributes.");
  }
  const entries: ValueEntry[] = [];
  for (const key of Object.keys(value)) {
    const target = resolveValueKey(key, resource, within);
    if (target?.kind === "attribute") entries.push([target, value[key]]);
    if (target?.kind !== "schema") continue;

    const raw = value[key];
    const nested = isUnassign(raw)
      ? clearAll(target.schema, target.isExtension)
      : expandValue(raw, resource, target.schema);
    for (const entry of nested) entries.push(entry);
  }

  return entries;
}

function clearAll(schema: SchemaDefinition, isExtension: boolean) {
  const extension = isExtension ? schema.id : undefined;

  return schema.attributes.map((attribute): ValueEntry => [
    { kind: "attribute", extension, attribute },
    null,
  ]);
}

/**
 * Canonicalises a POST/PUT body the way PATCH values are: attribute names in
 * their schema case, "True"/"False" as booleans, null and "" unassigned,
 * lengths and counts bounded. Unknown attributes are dropped (RFC 7644 §3.3)
 * and so are readOnly ones such as id, meta and groups, which Okta sends back
 * (RFC 7644 §3.5.1). The result holds no id, meta or schemas: the caller adds
 * them.
 */
export function coerceToSchema(
  document: unknown,
  resource: ResourceSchemas,
): ScimDocument {
  if (!isPlainObject(document)) {
    throw badRequest("invalidSyntax", "The resource must be a JSON object.");
  }
  assertNoForbiddenKeys(document, "invalidValue");
  const result: ScimDocument = {};
  for (const [target, raw] of expandValue(document, resource)) {
    const { attribute, subAttribute } = target;
    if (attribute.mutability === "readOnly") continue;
    if (subAttribute?.mutability === "readOnly") continue;
    writeTarget(result, target, raw, "replace");
  }

  return result;
}
