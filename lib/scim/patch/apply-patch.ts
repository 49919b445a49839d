import type { ResourceSchemas, SchemaDefinition } from "../attributes";
import { badRequest } from "../errors";
import { describeChanges, type PatchChanges } from "./describe-changes";
import {
  cloneDocument,
  getOwn,
  isDeepSubset,
  isPlainObject,
  type ScimDocument,
} from "./document";
import { expandValue } from "./normalize-value";
import { parsePatchBody, type PatchOperation } from "./parse-body";
import { removeTarget } from "./remove-target";
import { resolvePatchTarget, type AttributeTarget } from "./resolve-target";
import { writeTarget, type WriteMode } from "./write-target";

export interface PatchResult extends PatchChanges {
  /**
   * The patched resource as plain JSON (a Date in the input comes back as
   * its ISO string). The input document is never modified.
   */
  document: ScimDocument;
}

/**
 * Applies a PATCH request body (RFC 7644 §3.5.2) to a resource document.
 * Operations run in order on a copy; the first failure throws a ScimError and
 * nothing is applied, since the request is atomic (RFC 7644 §3.5.2).
 */
export function applyPatch(
  document: ScimDocument,
  body: unknown,
  resource: ResourceSchemas,
): PatchResult {
  const operations = parsePatchBody(body);

  // Compared as JSON, so a Date the caller left in `meta` is no change.
  const before = cloneDocument(document);
  const patched = cloneDocument(before);
  for (const operation of operations) {
    applyOperation(patched, operation, resource);
  }
  assertRequiredKept(before, patched, resource);

  return { document: patched, ...describeChanges(before, patched, resource) };
}

function applyOperation(
  document: ScimDocument,
  { op, path, value }: PatchOperation,
  resource: ResourceSchemas,
): void {
  if (path === undefined) {
    // RFC 7644 §3.5.2.2: remove without a path has no target.
    if (op === "remove") throw badRequest("noTarget", "remove needs a path.");
    for (const [target, raw] of expandValue(value, resource)) {
      writeChecked(document, target, raw, op, false);
    }
    return;
  }

  const target = resolvePatchTarget(path, resource);
  if (op === "remove") {
    removeTarget(document, target, value);
  } else if (target.kind === "schema") {
    for (const [inner, raw] of expandValue(value, resource, target.schema)) {
      writeChecked(document, inner, raw, op, false);
    }
  } else {
    writeChecked(document, target, value, op, true);
  }
}

/**
 * Read-only attributes (RFC 7643 §2.2). IdPs echo the resource's own `id`
 * (Okta renames groups that way, issue #3) and sometimes `meta`: an echo
 * equal to what is stored is ignored, any other id or meta is a mutability
 * error. Other read-only attributes (`groups`, `manager.displayName`) are
 * refused when a path names them and skipped inside a path-less value, where
 * IdPs send back what they read (as RFC 7644 §3.5.1 has PUT ignore them).
 */
function writeChecked(
  document: ScimDocument,
  target: AttributeTarget,
  raw: unknown,
  mode: WriteMode,
  hasPath: boolean,
): void {
  const { attribute, subAttribute, extension, filter } = target;
  const isReadOnly =
    attribute.mutability === "readOnly" ||
    subAttribute?.mutability === "readOnly";
  if (isReadOnly) {
    const isIdOrMeta = !extension && ["id", "meta"].includes(attribute.name);
    if (isIdOrMeta && !filter && isEcho(document, target, raw)) return;
    if (!isIdOrMeta && !hasPath) return;
    throw badRequest(
      "mutability",
      `Attribute "${attribute.name}" is read-only.`,
    );
  }
  writeTarget(document, target, raw, mode);
}

function isEcho(
  document: ScimDocument,
  { attribute, subAttribute }: AttributeTarget,
  raw: unknown,
): boolean {
  const stored = getOwn(document, attribute.name);
  const current = !subAttribute
    ? stored
    : isPlainObject(stored)
      ? getOwn(stored, subAttribute.name)
      : undefined;

  return current !== undefined && isDeepSubset(current, raw);
}

/** RFC 7644 §3.5.2.2: a required attribute cannot become unassigned. */
function assertRequiredKept(
  before: ScimDocument,
  after: ScimDocument,
  resource: ResourceSchemas,
): void {
  const holderOf = (document: ScimDocument, schema: SchemaDefinition) => {
    if (schema === resource.core) return document;
    const holder = getOwn(document, schema.id);

    return isPlainObject(holder) ? holder : {};
  };
  for (const schema of [resource.core, ...resource.extensions]) {
    for (const attribute of schema.attributes.filter((a) => a.required)) {
      const had = getOwn(holderOf(before, schema), attribute.name);
      const has = getOwn(holderOf(after, schema), attribute.name);
      if (had !== undefined && has === undefined) {
        throw badRequest("mutability", `"${attribute.name}" is required.`);
      }
    }
  }
}
