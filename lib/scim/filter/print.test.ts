import { describe, expect, it } from "vitest";

import { parseFilter } from "./parse";
import { printFilter } from "./print";

// Canonical text: what a client wrote → what printFilter writes back.
const cases: { filter: string; canonical: string }[] = [
  { filter: 'USERNAME EQ "bjensen"', canonical: 'USERNAME eq "bjensen"' },
  { filter: "title  PR", canonical: "title pr" },
  { filter: "active eq TRUE", canonical: "active eq true" },
  { filter: "title ne NULL", canonical: "title ne null" },
  { filter: "x gt 1.50E2", canonical: "x gt 150" },
  { filter: "x lt -0", canonical: "x lt -0" },
  { filter: 'x eq "\\u0041\\/\\"\\\\\\n"', canonical: 'x eq "A/\\"\\\\\\n"' },
  { filter: "((a pr))", canonical: "a pr" },
  { filter: "a pr AND b pr OR c pr", canonical: "a pr and b pr or c pr" },
  { filter: "a pr or (b pr and c pr)", canonical: "a pr or b pr and c pr" },
  { filter: "(a pr or b pr) and c pr", canonical: "(a pr or b pr) and c pr" },
  { filter: "a pr or (b pr or c pr)", canonical: "a pr or (b pr or c pr)" },
  { filter: "a pr and (b pr and c pr)", canonical: "a pr and (b pr and c pr)" },
  { filter: "Not(a pr)", canonical: "not (a pr)" },
  {
    filter: 'emails[type eq "work"].value eq "x"',
    canonical: 'emails[type eq "work" and value eq "x"]',
  },
  {
    filter: 'emails[type eq "a" or type eq "b"].value pr',
    canonical: 'emails[(type eq "a" or type eq "b") and value pr]',
  },
  {
    filter:
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m"',
    canonical:
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m"',
  },
];

describe("printFilter", () => {
  it.each(cases)("prints $filter as $canonical", ({ filter, canonical }) => {
    const ast = parseFilter(filter);

    expect(printFilter(ast)).toBe(canonical);
    expect(parseFilter(canonical)).toEqual(ast);
  });
});
