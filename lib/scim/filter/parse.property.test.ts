import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { ScimError, type ScimType } from "../errors";
import type { AttributePath, CompareOperator, FilterNode } from "./ast";
import {
  MAX_SUBSTRING_COMPARISONS,
  parseFilter,
  parsePatchPath,
} from "./parse";
import { printFilter } from "./print";

const RUNS = 3000;
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

// Pieces that make near-miss filters likelier than random characters do.
const fragment = fc.constantFrom(
  "userName",
  "emails",
  "name.givenName",
  "$ref",
  ".value",
  "value",
  "x-1_",
  `${ENTERPRISE}:`,
  "urn:",
  ":",
  ".",
  " ",
  "  ",
  "\t",
  "eq",
  "NE",
  "co",
  "sw",
  "ew",
  "gt",
  "ge",
  "lt",
  "le",
  "pr",
  "xx",
  "and",
  "OR",
  "not",
  "(",
  ")",
  "[",
  "]",
  '"',
  '"w"',
  '"a\\"b"',
  "\\",
  "\\u00e9",
  "true",
  "False",
  "null",
  "1",
  "-2.5e3",
  "01",
  "1e999",
  "bob",
  "__proto__",
  "constructor",
  "é",
  "\u0000",
  "\n",
);
const filterLike = fc.oneof(
  fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join("")),
  fc.string({ unit: "binary", maxLength: 60 }),
);

const name = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,7}$/)
  .filter((n) => !["constructor", "prototype"].includes(n.toLowerCase()));
const schema = fc.constantFrom(
  ENTERPRISE,
  "urn:ietf:params:scim:schemas:core:2.0:User",
  "urn:acme:ext",
);
const op = fc.constantFrom<CompareOperator>(
  "eq",
  "ne",
  "co",
  "sw",
  "ew",
  "gt",
  "lt",
  "ge",
  "le",
);
const value = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

function filterOf(path: fc.Arbitrary<AttributePath>, withValuePaths: boolean) {
  return fc.letrec<{ node: FilterNode }>((tie) => {
    const leaves: fc.Arbitrary<FilterNode>[] = [
      fc.record({ kind: fc.constant("compare"), path, op, value }),
      fc.record({ kind: fc.constant("present"), path }),
    ];
    if (withValuePaths) {
      leaves.push(
        fc.record({
          kind: fc.constant("valuePath"),
          path: fc.record({ attribute: name }),
          filter: filterOf(fc.record({ attribute: name }), false),
        }),
      );
    }
    const node = tie("node");

    return {
      node: fc.oneof(
        { maxDepth: 5, depthIdentifier: "filter" },
        ...leaves,
        fc.record({ kind: fc.constant("and"), left: node, right: node }),
        fc.record({ kind: fc.constant("or"), left: node, right: node }),
        fc.record({ kind: fc.constant("not"), filter: node }),
      ),
    };
  }).node;
}

const outerPath: fc.Arbitrary<AttributePath> = fc.record(
  { schema, attribute: name, subAttribute: name },
  { requiredKeys: ["attribute"] },
);
const filterTree = filterOf(outerPath, true);

function substringComparisons(node: FilterNode): number {
  switch (node.kind) {
    case "compare":
      return ["co", "sw", "ew"].includes(node.op) ? 1 : 0;
    case "present":
      return 0;
    case "and":
    case "or":
      return substringComparisons(node.left) + substringComparisons(node.right);
    case "not":
    case "valuePath":
      return substringComparisons(node.filter);
  }
}

/** Runs `parse`; anything thrown must be the 400 with `scimType`. */
function parseOrReject<T>(parse: () => T, scimType: ScimType): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ScimError)) throw error;
    expect(error).toMatchObject({ status: 400, scimType });
    return undefined;
  }
}

describe("parseFilter on random input", () => {
  it("returns a tree or throws 400 invalidFilter, and prints stably", () => {
    fc.assert(
      fc.property(filterLike, (text) => {
        const ast = parseOrReject(() => parseFilter(text), "invalidFilter");
        if (!ast) return;
        const printed = printFilter(ast);

        expect(parseFilter(printed)).toEqual(ast);
        expect(printFilter(parseFilter(printed))).toBe(printed);
      }),
      { numRuns: RUNS },
    );
  });

  it("parses the printed text of any tree back to the same tree", () => {
    fc.assert(
      fc.property(filterTree, (ast) => {
        // A tree with more co, sw and ew comparisons than a filter may
        // hold is refused instead (parse.ts).
        if (substringComparisons(ast) > MAX_SUBSTRING_COMPARISONS) {
          expect(() => parseFilter(printFilter(ast))).toThrow(
            expect.objectContaining({ status: 400, scimType: "invalidFilter" }),
          );
          return;
        }
        expect(parseFilter(printFilter(ast))).toEqual(ast);
      }),
      { numRuns: RUNS },
    );
  });

  it("survives single-character edits of valid filters", () => {
    const edit = fc.tuple(
      filterTree,
      fc.nat(),
      fc.constantFrom("", "(", ")", "[", "]", '"', " ", "\\", ".", ":"),
    );
    fc.assert(
      fc.property(edit, ([ast, at, insert]) => {
        const text = printFilter(ast);
        const i = at % (text.length + 1);
        const edited = text.slice(0, i) + insert + text.slice(i + 1);

        parseOrReject(() => parseFilter(edited), "invalidFilter");
      }),
      { numRuns: RUNS },
    );
  });
});

describe("parsePatchPath on random input", () => {
  it("returns a path or throws 400 invalidPath", () => {
    fc.assert(
      fc.property(filterLike, (text) => {
        parseOrReject(() => parsePatchPath(text), "invalidPath");
      }),
      { numRuns: RUNS },
    );
  });
});
