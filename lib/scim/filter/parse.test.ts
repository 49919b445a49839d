import { describe, expect, it } from "vitest";

import { ScimError } from "../errors";
import type {
  AttributePath,
  CompareOperator,
  FilterNode,
  FilterValue,
} from "./ast";
import { parseFilter } from "./parse";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";

function path(name: string, schema?: string): AttributePath {
  const [attribute, subAttribute] = name.split(".");
  return {
    attribute,
    ...(subAttribute ? { subAttribute } : {}),
    ...(schema ? { schema } : {}),
  };
}

const cmp = (
  name: string,
  op: CompareOperator,
  value: FilterValue,
  schema?: string,
): FilterNode => ({ kind: "compare", path: path(name, schema), op, value });
const pr = (name: string): FilterNode => ({
  kind: "present",
  path: path(name),
});
const and = (left: FilterNode, right: FilterNode): FilterNode => ({
  kind: "and",
  left,
  right,
});
const or = (left: FilterNode, right: FilterNode): FilterNode => ({
  kind: "or",
  left,
  right,
});
const not = (filter: FilterNode): FilterNode => ({ kind: "not", filter });
const valuePath = (name: string, filter: FilterNode): FilterNode => ({
  kind: "valuePath",
  path: path(name),
  filter,
});

const accepted: { filter: string; ast: FilterNode }[] = [
  { filter: 'userName eq "bjensen"', ast: cmp("userName", "eq", "bjensen") },
  { filter: 'USERNAME EQ "Bjensen"', ast: cmp("USERNAME", "eq", "Bjensen") },
  {
    filter: 'name.familyName co "O\'Malley"',
    ast: cmp("name.familyName", "co", "O'Malley"),
  },
  { filter: 'userName Sw "J"', ast: cmp("userName", "sw", "J") },
  { filter: 'title ew "er"', ast: cmp("title", "ew", "er") },
  { filter: "title pr", ast: pr("title") },
  { filter: "title PR", ast: pr("title") },
  {
    filter: 'meta.lastModified gt "2011-05-13T04:42:34Z"',
    ast: cmp("meta.lastModified", "gt", "2011-05-13T04:42:34Z"),
  },
  {
    filter: 'meta.lastModified ge "2011-05-13"',
    ast: cmp("meta.lastModified", "ge", "2011-05-13"),
  },
  { filter: 'meta.created lt "x"', ast: cmp("meta.created", "lt", "x") },
  { filter: 'meta.created le "x"', ast: cmp("meta.created", "le", "x") },
  { filter: 'title ne "boss"', ast: cmp("title", "ne", "boss") },
  { filter: "active eq TRUE", ast: cmp("active", "eq", true) },
  { filter: "active eq false", ast: cmp("active", "eq", false) },
  { filter: "title eq Null", ast: cmp("title", "eq", null) },
  { filter: "x eq -1.5e3", ast: cmp("x", "eq", -1500) },
  { filter: "x eq 0", ast: cmp("x", "eq", 0) },
  {
    filter: 'x eq "a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9"',
    ast: cmp("x", "eq", 'a"b\\c/d\b\f\n\r\té'),
  },
  {
    filter: 'displayName eq "José Ñúñez"',
    ast: cmp("displayName", "eq", "José Ñúñez"),
  },
  { filter: `${CORE}:userName eq "a"`, ast: cmp("userName", "eq", "a", CORE) },
  {
    filter: `${ENTERPRISE}:department eq "R&D"`,
    ast: cmp("department", "eq", "R&D", ENTERPRISE),
  },
  {
    filter: `${ENTERPRISE}:manager.value eq "m"`,
    ast: cmp("manager.value", "eq", "m", ENTERPRISE),
  },
  { filter: "a pr and b pr or c pr", ast: or(and(pr("a"), pr("b")), pr("c")) },
  { filter: "a pr or b pr and c pr", ast: or(pr("a"), and(pr("b"), pr("c"))) },
  {
    filter: "a pr AND b pr And c pr",
    ast: and(and(pr("a"), pr("b")), pr("c")),
  },
  {
    filter: "(a pr or b pr) and c pr",
    ast: and(or(pr("a"), pr("b")), pr("c")),
  },
  { filter: "not (a pr) and b pr", ast: and(not(pr("a")), pr("b")) },
  { filter: "NOT(a pr or b pr)", ast: not(or(pr("a"), pr("b"))) },
  { filter: "((a pr))", ast: pr("a") },
  { filter: "  a pr\t", ast: pr("a") },
  {
    filter: 'emails[type eq "work" and value co "@example.com"]',
    ast: valuePath(
      "emails",
      and(cmp("type", "eq", "work"), cmp("value", "co", "@example.com")),
    ),
  },
  {
    filter: 'emails[type eq "work"].value eq "x"',
    ast: valuePath(
      "emails",
      and(cmp("type", "eq", "work"), cmp("value", "eq", "x")),
    ),
  },
  {
    filter: 'emails[type eq "work" or not (primary eq true)].Value pr',
    ast: valuePath(
      "emails",
      and(
        or(cmp("type", "eq", "work"), not(cmp("primary", "eq", true))),
        pr("Value"),
      ),
    ),
  },
  {
    filter:
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    ast: and(
      cmp("userType", "eq", "Employee"),
      or(
        cmp("emails", "co", "example.com"),
        cmp("emails.value", "co", "example.org"),
      ),
    ),
  },
  {
    filter: 'members[value eq "2819c223"]',
    ast: valuePath("members", cmp("value", "eq", "2819c223")),
  },
  { filter: "x.$ref pr", ast: pr("x.$ref") },
  { filter: "and pr", ast: pr("and") },
  { filter: 'not eq "x"', ast: cmp("not", "eq", "x") },
  { filter: "not pr", ast: pr("not") },
];

const rejected: { filter: string; detail: RegExp }[] = [
  { filter: "", detail: /empty/ },
  { filter: "   ", detail: /empty/ },
  { filter: "userName eq bob", detail: /position 13.*"bob".*double quotes/ },
  { filter: "userName eq", detail: /Expected a value at the end/ },
  { filter: "userName", detail: /operator after "userName"/ },
  { filter: 'userName xx "a"', detail: /Unknown operator "xx" at position 10/ },
  { filter: 'userName eq "a" garbage', detail: /position 17.*"garbage"/ },
  { filter: 'userName eq "a")', detail: /Unbalanced "\)" at position 16/ },
  {
    filter: '(userName eq "a"',
    detail: /Missing "\)" for the "\(" at position 1/,
  },
  { filter: 'emails[type eq "a"', detail: /Missing "\]"/ },
  { filter: 'emails[type eq "a"]]', detail: /Unbalanced "\]"/ },
  { filter: 'emails [type eq "a"]', detail: /operator after "emails"/ },
  { filter: 'emails[type eq "a"] .value eq "x"', detail: /".value"/ },
  { filter: 'emails[type eq "a"].value', detail: /operator after ".value"/ },
  { filter: 'emails.value[type eq "a"]', detail: /sub-attribute "value"/ },
  { filter: "emails[type[x pr] pr]", detail: /cannot be nested/ },
  { filter: 'emails[emails.type eq "a"]', detail: /Inside a value filter/ },
  { filter: 'userName eq "abc', detail: /Unterminated string/ },
  { filter: 'userName eq "a\\x"', detail: /Invalid string/ },
  { filter: 'userName eq "a\\u12"', detail: /Invalid string/ },
  { filter: 'userName eq "a\nb"', detail: /Invalid string/ },
  { filter: "x eq 01", detail: /"01"/ },
  { filter: "x eq 1e999", detail: /out of range/ },
  { filter: "1abc pr", detail: /Invalid attribute name "1abc"/ },
  { filter: "_name pr", detail: /Invalid attribute name "_name"/ },
  { filter: "na!me pr", detail: /Invalid attribute name "na!me"/ },
  { filter: "name.given.x pr", detail: /more than one sub-attribute/ },
  { filter: "name. pr", detail: /Invalid attribute name ""/ },
  { filter: "foo:bar pr", detail: /Invalid schema URN "foo"/ },
  { filter: "constructor pr", detail: /reserved/ },
  { filter: "a pr and", detail: /at the end of the filter/ },
  { filter: "a pr or or b pr", detail: /Unknown operator "b" at position 12/ },
  { filter: "not a pr", detail: /Expected "\(" after "not" at position 1/ },
  { filter: "()", detail: /found "\)"/ },
  {
    filter: `${"(".repeat(51)}a pr${")".repeat(51)}`,
    detail: /deeper than 50/,
  },
  { filter: `userName eq "${"a".repeat(4090)}"`, detail: /longer than 4096/ },
];

describe("parseFilter", () => {
  it.each(accepted)("parses $filter", ({ filter, ast }) => {
    expect(parseFilter(filter)).toEqual(ast);
  });

  it.each(rejected)("rejects $filter", ({ filter, detail }) => {
    const error = catchError(() => parseFilter(filter));
    expect(error).toMatchObject({ status: 400, scimType: "invalidFilter" });
    expect(error.detail).toMatch(detail);
  });

  it("accepts nesting up to 50 levels", () => {
    const filter = `${"(".repeat(50)}a pr${")".repeat(50)}`;
    expect(parseFilter(filter)).toEqual(pr("a"));
  });

  it("accepts 10 substring comparisons and refuses an 11th, of any kind", () => {
    const terms = (n: number, op: string) =>
      Array.from({ length: n }, (_, i) => `emails.value ${op} "q${i}"`).join(
        " or ",
      );
    expect(() => parseFilter(terms(10, "co"))).not.toThrow();
    // eq is not counted.
    expect(() =>
      parseFilter(`${terms(10, "sw")} or ${terms(30, "eq")}`),
    ).not.toThrow();

    for (const filter of [
      terms(11, "co"),
      `${terms(10, "ew")} and userName co "x"`,
      `emails[${terms(11, "sw").replaceAll("emails.value", "value")}]`,
    ]) {
      const error = catchError(() => parseFilter(filter));
      expect(error).toMatchObject({ status: 400, scimType: "invalidFilter" });
      expect(error.detail).toMatch(/more than 10 co, sw or ew comparisons/);
    }
  });
});

function catchError(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error("expected a ScimError");
}
