import { badRequest, type ScimError, type ScimType } from "../errors";
import type {
  AttributePath,
  CompareOperator,
  FilterNode,
  PatchPath,
} from "./ast";
import { readAttributePath, readSubAttribute, readValue } from "./parse-terms";
import { at, isKeyword, TokenCursor } from "./token-cursor";
import { tokenize, type Token } from "./tokenize";

// A recursive-descent parser for RFC 7644 §3.4.2.2 filters and §3.5.2 PATCH
// paths. Precedence is not > and > or; and/or associate to the left. Names
// are checked for syntax only: resolving them is the caller's job.

const MAX_LENGTH = 4096;
const MAX_DEPTH = 50;
// Substring comparisons (co, sw, ew) use no index: each scans the
// workspace's people, about 45 ms at 19,000 for `emails.value co`, and 140
// of them in one filter held PostgreSQL past the SCIM deadline. IdPs look
// people up with eq.
export const MAX_SUBSTRING_COMPARISONS = 10;
const SUBSTRING_OPERATORS: ReadonlySet<string> = new Set(["co", "sw", "ew"]);

const OPERATORS: ReadonlySet<string> = new Set<CompareOperator>([
  "eq",
  "ne",
  "co",
  "sw",
  "ew",
  "gt",
  "lt",
  "ge",
  "le",
]);

export function parseFilter(text: string): FilterNode {
  const parser = new Parser(text, "invalidFilter", "filter");
  const node = parser.parseOr(false);
  parser.expectEnd();

  return node;
}

/** RFC 7644 §3.5.2: PATH = attrPath / valuePath [subAttr]. */
export function parsePatchPath(text: string): PatchPath {
  const parser = new Parser(text, "invalidPath", "path");
  const path = parser.parsePatchPath();
  parser.expectEnd();

  return path;
}

class Parser {
  private readonly cursor: TokenCursor;
  private readonly fail: (detail: string) => ScimError;
  private depth = 0;
  private substringComparisons = 0;

  constructor(text: string, errorType: ScimType, what: string) {
    this.fail = (detail) => badRequest(errorType, detail);
    if (text.trim() === "") throw this.fail(`The ${what} is empty.`);
    if (text.length > MAX_LENGTH) {
      throw this.fail(`The ${what} is longer than ${MAX_LENGTH} characters.`);
    }
    this.cursor = new TokenCursor(tokenize(text, errorType), this.fail, what);
  }

  parseOr(inValueFilter: boolean): FilterNode {
    let left = this.parseAnd(inValueFilter);
    while (this.cursor.takeKeyword("or")) {
      left = { kind: "or", left, right: this.parseAnd(inValueFilter) };
    }

    return left;
  }

  parsePatchPath(): PatchPath {
    const token = this.cursor.takeWord("an attribute path");
    const path = this.attributePath(token, false);
    const open = this.cursor.takeAdjacent("[", token);
    if (!open) return { path };

    const filter = this.parseValueFilter(open, path);
    const sub = this.subAttributeAfter(this.cursor.previous());

    return sub ? { path, filter, subAttribute: sub } : { path, filter };
  }

  expectEnd(): void {
    const token = this.cursor.peek();
    if (!token) return;
    if (token.kind === ")" || token.kind === "]") {
      throw this.fail(`Unbalanced "${token.kind}" at ${at(token)}.`);
    }

    const end = `"and", "or" or the end of the ${this.cursor.what}`;
    throw this.cursor.unexpected(token, end);
  }

  private parseAnd(inValueFilter: boolean): FilterNode {
    let left = this.parseFactor(inValueFilter);
    while (this.cursor.takeKeyword("and")) {
      left = { kind: "and", left, right: this.parseFactor(inValueFilter) };
    }

    return left;
  }

  private parseFactor(inValueFilter: boolean): FilterNode {
    const expected = 'an attribute path, "not" or "("';
    const token = this.cursor.take(expected);
    if (token.kind === "(") return this.parseGroup(token, inValueFilter);
    if (token.kind !== "word") throw this.cursor.unexpected(token, expected);
    if (isKeyword(token, "not")) {
      const open = this.cursor.takeIf((next) => next.kind === "(");
      if (open) {
        return { kind: "not", filter: this.parseGroup(open, inValueFilter) };
      }
      if (this.isOperandNext()) {
        throw this.fail(`Expected "(" after "not" at ${at(token)}.`);
      }
    }

    const path = this.attributePath(token, inValueFilter);
    const open = this.cursor.takeAdjacent("[", token);
    if (!open) return this.parseOperation(path, token);
    if (inValueFilter) {
      throw this.fail(`Value filters cannot be nested (${at(open)}).`);
    }

    const filter = this.parseValueFilter(open, path);
    const sub = this.subAttributeAfter(this.cursor.previous());
    if (!sub) return { kind: "valuePath", path, filter };

    // emails[type eq "work"].value eq "x" must hold for one element, so the
    // trailing comparison joins the bracketed filter (DESIGN.md, filters).
    const last = this.parseOperation(
      { attribute: sub },
      this.cursor.previous(),
    );
    const both: FilterNode = { kind: "and", left: filter, right: last };

    return { kind: "valuePath", path, filter: both };
  }

  private parseGroup(open: Token, inValueFilter: boolean): FilterNode {
    this.enter(open);
    const node = this.parseOr(inValueFilter);
    this.leave(open, ")");

    return node;
  }

  private parseValueFilter(open: Token, path: AttributePath): FilterNode {
    if (path.subAttribute !== undefined) {
      throw this.fail(
        `A value filter must follow a multi-valued attribute, not the ` +
          `sub-attribute "${path.subAttribute}" (${at(open)}).`,
      );
    }
    this.enter(open);
    const filter = this.parseOr(true);
    this.leave(open, "]");

    return filter;
  }

  private parseOperation(path: AttributePath, after: Token): FilterNode {
    const token = this.cursor.takeWord(`an operator after "${after.text}"`);
    const op = token.text.toLowerCase();
    if (op === "pr") return { kind: "present", path };
    if (!OPERATORS.has(op)) {
      throw this.fail(
        `Unknown operator "${token.text}" at ${at(token)}; expected ` +
          `eq, ne, co, sw, ew, gt, lt, ge, le or pr.`,
      );
    }

    const valueToken = this.cursor.take("a value");
    if (valueToken.kind !== "word" && valueToken.kind !== "string") {
      throw this.cursor.unexpected(valueToken, "a value");
    }
    const value = readValue(valueToken, this.fail);
    if (
      SUBSTRING_OPERATORS.has(op) &&
      ++this.substringComparisons > MAX_SUBSTRING_COMPARISONS
    ) {
      throw this.fail(
        `The ${this.cursor.what} has more than ${MAX_SUBSTRING_COMPARISONS} ` +
          `co, sw or ew comparisons (at ${at(token)}).`,
      );
    }

    return { kind: "compare", path, op: op as CompareOperator, value };
  }

  /** `not a pr` lacks its "(", unlike `not pr` about an attribute "not". */
  private isOperandNext(): boolean {
    const next = this.cursor.peek();
    if (next?.kind !== "word") return false;
    const word = next.text.toLowerCase();

    return word !== "pr" && !OPERATORS.has(word);
  }

  private attributePath(token: Token, inValueFilter: boolean): AttributePath {
    const path = readAttributePath(token, this.fail);
    const isQualified =
      path.schema !== undefined || path.subAttribute !== undefined;
    if (inValueFilter && isQualified) {
      throw this.fail(
        `Inside a value filter, name a sub-attribute of one element ` +
          `(e.g. "type"), not "${token.text}" (${at(token)}).`,
      );
    }

    return path;
  }

  /** The `.sub` written right after a closing "]", if any. */
  private subAttributeAfter(close: Token): string | undefined {
    const token = this.cursor.takeIf(
      (next) =>
        next.kind === "word" &&
        next.start === close.end &&
        next.text.startsWith("."),
    );

    return token && readSubAttribute(token, this.fail);
  }

  private enter(open: Token): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) {
      throw this.fail(
        `The ${this.cursor.what} is nested deeper than ${MAX_DEPTH} ` +
          `levels (${at(open)}).`,
      );
    }
  }

  private leave(open: Token, kind: ")" | "]"): void {
    if (!this.cursor.peek()) {
      throw this.fail(
        `Missing "${kind}" for the "${open.kind}" at ${at(open)}.`,
      );
    }
    const token = this.cursor.take(`"${kind}"`);
    if (token.kind !== kind) {
      throw this.cursor.unexpected(token, `"and", "or" or "${kind}"`);
    }
    this.depth -= 1;
  }
}
