import type {
  AttributeDefinition,
  ResourceSchemas,
  SchemaDefinition,
} from "./attributes";
import { commonAttributes } from "./attributes";
import { badRequest, type ScimType } from "./errors";
import type { AttributePath } from "./filter/ast";

export interface ResolvedAttribute {
  /** The schema the attribute belongs to; undefined for id, externalId, meta. */
  schema?: SchemaDefinition;
  /** True when the attribute lives under the extension's URN key. */
  isExtension: boolean;
  attribute: AttributeDefinition;
  subAttribute?: AttributeDefinition;
}

const findByName = (list: AttributeDefinition[] | undefined, name: string) =>
  list?.find((a) => a.name.toLowerCase() === name.toLowerCase());

/**
 * Resolves a client-written attribute path against the resource's schemas,
 * ignoring letter case (RFC 7643 §2.1). Unknown names throw a 400 with the
 * scimType the caller chooses (invalidFilter for filters, invalidPath for
 * PATCH paths), so nothing unknown is silently ignored.
 */
export function resolveAttribute(
  path: AttributePath,
  resource: ResourceSchemas,
  errorType: ScimType,
): ResolvedAttribute {
  const schema = path.schema ? findSchema(path.schema, resource) : undefined;
  if (path.schema && !schema) {
    throw badRequest(errorType, `Unknown schema "${path.schema}".`);
  }

  const isExtension = schema !== undefined && schema !== resource.core;
  const candidates = schema
    ? schema.attributes
    : [...commonAttributes, ...resource.core.attributes];
  const common =
    schema === resource.core
      ? findByName(commonAttributes, path.attribute)
      : undefined;
  const attribute = findByName(candidates, path.attribute) ?? common;
  if (!attribute) {
    throw badRequest(errorType, `Unknown attribute "${printPath(path)}".`);
  }

  if (path.subAttribute === undefined)
    return { schema, isExtension, attribute };

  const subAttribute = findByName(attribute.subAttributes, path.subAttribute);
  if (!subAttribute) {
    throw badRequest(errorType, `Unknown attribute "${printPath(path)}".`);
  }

  return { schema, isExtension, attribute, subAttribute };
}

export function findSchema(
  id: string,
  resource: ResourceSchemas,
): SchemaDefinition | undefined {
  return [resource.core, ...resource.extensions].find(
    (s) => s.id.toLowerCase() === id.toLowerCase(),
  );
}

function printPath(path: AttributePath): string {
  const name = path.subAttribute
    ? `${path.attribute}.${path.subAttribute}`
    : path.attribute;

  return path.schema ? `${path.schema}:${name}` : name;
}
