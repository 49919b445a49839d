import type { ScimError } from "../errors";
import type { AttributePath, FilterValue } from "./ast";
import { at } from "./token-cursor";
import type { Token } from "./tokenize";

// The leaves of the filter grammar: attribute paths and comparison values.
// Each reader gets the parser's `fail` so errors carry its scimType.

type Fail = (detail: string) => ScimError;

// RFC 7644 §3.10: ATTRNAME = ALPHA *(nameChar); "$ref" is reserved (RFC 7643).
const ATTRNAME = /^(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/;
const SCHEMA_URN = /^urn(?::[A-Za-z0-9._-]+){2,}$/i;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
// Names a PATCH engine could turn into a write to Object.prototype.
const RESERVED_NAMES = new Set(["__proto__", "constructor", "prototype"]);

/**
 * `[schema ":"] name ["." sub]`. The schema URN is everything before the last
 * colon, so `urn:…:enterprise:2.0:User:manager.value` keeps its "2.0".
 */
export function readAttributePath(token: Token, fail: Fail): AttributePath {
  const word = token.text;
  const colon = word.lastIndexOf(":");
  const schema = colon === -1 ? undefined : word.slice(0, colon);
  const names = word.slice(colon + 1).split(".");
  if (schema !== undefined && !SCHEMA_URN.test(schema)) {
    throw fail(`Invalid schema URN "${schema}" at ${at(token)}.`);
  }
  if (names.length > 2) {
    throw fail(`"${word}" at ${at(token)} has more than one sub-attribute.`);
  }
  schema?.split(":").forEach((part) => checkReserved(part, token, fail));
  names.forEach((name) => checkName(name, token, fail));

  const [attribute, subAttribute] = names;
  const path: AttributePath = { attribute };
  if (schema !== undefined) path.schema = schema;
  if (subAttribute !== undefined) path.subAttribute = subAttribute;

  return path;
}

/** The `.name` after a value filter's "]". */
export function readSubAttribute(token: Token, fail: Fail): string {
  const name = token.text.slice(1);
  checkName(name, token, fail);

  return name;
}

/** RFC 7644 §3.4.2.2 compValue: false / null / true / number / string. */
export function readValue(token: Token, fail: Fail): FilterValue {
  if (token.kind === "string") return token.text;

  const word = token.text.toLowerCase();
  if (word === "true" || word === "false") return word === "true";
  if (word === "null") return null;
  if (!JSON_NUMBER.test(token.text)) {
    throw fail(
      `Expected a value at ${at(token)} but found "${token.text}": strings ` +
        `must be in double quotes; other values are numbers, true, false ` +
        `or null.`,
    );
  }
  const value = Number(token.text);
  if (!Number.isFinite(value)) {
    throw fail(`The number at ${at(token)} is out of range.`);
  }

  return value;
}

function checkName(name: string, token: Token, fail: Fail): void {
  if (!ATTRNAME.test(name)) {
    throw fail(
      `Invalid attribute name "${name}" at ${at(token)}: a name starts ` +
        `with a letter followed by letters, digits, "-" or "_".`,
    );
  }
  checkReserved(name, token, fail);
}

function checkReserved(name: string, token: Token, fail: Fail): void {
  if (RESERVED_NAMES.has(name.toLowerCase())) {
    throw fail(`"${name}" at ${at(token)} is a reserved name.`);
  }
}
