import { badRequest } from "../errors";
import { findOwnKey, isPlainObject, type ScimDocument } from "./document";
import { assertNoForbiddenKeys } from "./forbidden-keys";

export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const MAX_OPERATIONS = 1000;

export type PatchOpName = "add" | "replace" | "remove";

export interface PatchOperation {
  op: PatchOpName;
  /** Absent, or blank in the request, means "the resource itself". */
  path?: string;
  /** Undefined only for a remove without a value. */
  value: unknown;
}

const invalidSyntax = (detail: string) => badRequest("invalidSyntax", detail);

/** Member names match in any case: clients send `Operations`, `operations`. */
function memberOf(object: ScimDocument, name: string): unknown {
  const key = findOwnKey(object, name);

  return key === undefined ? undefined : object[key];
}

/**
 * Validates a PatchOp body (RFC 7644 §3.5.2) and returns its operations with
 * `op` in lower case. Refuses prototype keys anywhere in it first, so no
 * later step ever sees one.
 */
export function parsePatchBody(body: unknown): PatchOperation[] {
  if (!isPlainObject(body)) throw invalidSyntax("The body must be an object.");
  assertNoForbiddenKeys(body);

  const schemas = memberOf(body, "schemas");
  const isPatchOp = (s: unknown) =>
    typeof s === "string" && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase();
  if (!Array.isArray(schemas) || !schemas.some(isPatchOp)) {
    throw invalidSyntax(`"schemas" must contain "${PATCH_OP_SCHEMA}".`);
  }

  const operations = memberOf(body, "Operations");
  if (!Array.isArray(operations) || operations.length === 0) {
    throw invalidSyntax('"Operations" must be a non-empty array.');
  }
  if (operations.length > MAX_OPERATIONS) {
    throw invalidSyntax(`At most ${MAX_OPERATIONS} operations per request.`);
  }

  return operations.map(parseOperation);
}

function parseOperation(raw: unknown, index: number): PatchOperation {
  const position = `Operation ${index + 1}`;
  if (!isPlainObject(raw)) throw invalidSyntax(`${position} is not an object.`);

  const name = memberOf(raw, "op");
  const op = typeof name === "string" ? name.trim().toLowerCase() : undefined;
  // An op we do not know must fail, never succeed silently (DESIGN.md).
  if (op !== "add" && op !== "replace" && op !== "remove") {
    throw invalidSyntax(`${position}: "op" must be add, replace or remove.`);
  }

  const path = memberOf(raw, "path");
  if (path !== undefined && path !== null && typeof path !== "string") {
    throw badRequest("invalidPath", `${position}: "path" must be a string.`);
  }

  const valueKey = findOwnKey(raw, "value");
  if (op !== "remove" && valueKey === undefined) {
    throw badRequest("invalidValue", `${position}: ${op} needs a "value".`);
  }

  return {
    op,
    path: typeof path === "string" && path.trim() !== "" ? path : undefined,
    value: valueKey === undefined ? undefined : raw[valueKey],
  };
}
