import type {
  AttributeDefinition,
  ResourceSchemas,
  SchemaDefinition,
} from "../attributes";
import { badRequest, isScimError } from "../errors";
import type { FilterNode, PatchPath } from "../filter/ast";
import { compileValueFilter, type ElementPredicate } from "../filter/evaluate";
import { parsePatchPath } from "../filter/parse";
import { findSchema, resolveAttribute } from "../resolve";
import { findSubAttribute } from "./coerce-value";
import { assertSafePath } from "./forbidden-keys";
import { filterSubAttribute } from "./multi-valued";

// Real paths are short; the bound also keeps the recursive filter code safe.
export const MAX_PATH_LENGTH = 2048;

/** A bare schema URN: the attributes of that schema as one object. */
export interface SchemaTarget {
  kind: "schema";
  schema: SchemaDefinition;
  isExtension: boolean;
}

export interface AttributeTarget {
  kind: "attribute";
  /** The extension URN keying the object that holds the attribute. */
  extension?: string;
  attribute: AttributeDefinition;
  /** Selects elements of a multi-valued attribute: `emails[type eq "work"]`. */
  filter?: FilterNode;
  /** The filter compiled once; present exactly when `filter` is. */
  matches?: ElementPredicate;
  /** `name.givenName`, `emails.value` or `emails[type eq "work"].value`. */
  subAttribute?: AttributeDefinition;
}

export type Target = SchemaTarget | AttributeTarget;

const invalidPath = (detail: string) => badRequest("invalidPath", detail);

/** A PATCH operation's path; anything unknown is 400 invalidPath. */
export function resolvePatchTarget(
  text: string,
  resource: ResourceSchemas,
): Target {
  if (text.length > MAX_PATH_LENGTH) throw invalidPath("The path is too long.");
  assertSafePath(text);
  const schema = findSchema(text.trim(), resource);
  if (schema) return schemaTarget(schema, resource);

  return toAttributeTarget(parsePatchPath(text), resource);
}

/**
 * A key of a path-less value or of a POST/PUT body: a name, `name.givenName`,
 * a URN-qualified name or a bare schema URN. Unknown keys give undefined, to
 * be ignored (RFC 7644 §3.3): IdPs send attributes of extensions we do not
 * serve, and refusing them would stop provisioning.
 */
export function resolveValueKey(
  key: string,
  resource: ResourceSchemas,
  within?: SchemaDefinition,
): Target | undefined {
  if (key.length > MAX_PATH_LENGTH) return undefined;
  // Every body carries `schemas`, which names no attribute: answered here
  // rather than by parsing it and catching the refusal (a thrown error per
  // request on the create path).
  if (key === "schemas") return undefined;
  const schema = within ? undefined : findSchema(key.trim(), resource);
  if (schema) return schemaTarget(schema, resource);
  try {
    const parsed = parsePatchPath(key);
    const scoped = within ? scopeTo(parsed, within) : parsed;

    return scoped && toAttributeTarget(scoped, resource);
  } catch (error) {
    if (isScimError(error)) return undefined;
    throw error;
  }
}

function schemaTarget(
  schema: SchemaDefinition,
  resource: ResourceSchemas,
): SchemaTarget {
  return { kind: "schema", schema, isExtension: schema !== resource.core };
}

function scopeTo(parsed: PatchPath, schema: SchemaDefinition) {
  const named = parsed.path.schema;
  if (named && named.toLowerCase() !== schema.id.toLowerCase()) return;

  return { ...parsed, path: { ...parsed.path, schema: schema.id } };
}

function toAttributeTarget(
  parsed: PatchPath,
  resource: ResourceSchemas,
): AttributeTarget {
  const resolved = resolveAttribute(parsed.path, resource, "invalidPath");
  const { attribute } = resolved;
  let subAttribute = resolved.subAttribute;
  if (parsed.subAttribute !== undefined) {
    if (subAttribute) throw invalidPath("The path has two sub-attributes.");
    subAttribute = findSubAttribute(attribute, parsed.subAttribute);
    if (!subAttribute) throw invalidPath("Unknown sub-attribute in the path.");
  }
  if (parsed.filter) {
    // RFC 7644 §3.5.2: value filters select values of multi-valued attributes.
    if (
      !attribute.multiValued ||
      attribute.type !== "complex" ||
      resolved.subAttribute
    ) {
      throw invalidPath(`"${attribute.name}" cannot take a value filter.`);
    }
    assertFilterNames(parsed.filter, attribute);
  }
  const { filter } = parsed;
  // Compiling checks the comparisons (400 invalidFilter) even on empty lists.
  const matches = filter && compileValueFilter(filter, attribute);
  const extension = resolved.isExtension ? resolved.schema?.id : undefined;

  return {
    kind: "attribute",
    extension,
    attribute,
    filter,
    matches,
    subAttribute,
  };
}

function assertFilterNames(filter: FilterNode, attribute: AttributeDefinition) {
  switch (filter.kind) {
    case "and":
    case "or":
      assertFilterNames(filter.left, attribute);
      assertFilterNames(filter.right, attribute);
      return;
    case "not":
      assertFilterNames(filter.filter, attribute);
      return;
    case "valuePath":
      throw invalidPath("Value filters cannot be nested.");
    default:
      if (!filterSubAttribute(filter.path, attribute)) {
        throw invalidPath(
          `Unknown attribute in the "${attribute.name}" filter.`,
        );
      }
  }
}
