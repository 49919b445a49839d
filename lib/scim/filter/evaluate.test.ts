import { describe, expect, it } from "vitest";

import { userSchema, type AttributeDefinition } from "../attributes";
import { compileValueFilter, matchesFilter } from "./evaluate";
import { parseFilter } from "./parse";

const emails = userSchema.attributes.find((a) => a.name === "emails")!;

const work = { type: "work", value: "Bjensen@Example.com", primary: true };
const home = { Type: "home", VALUE: "babs@example.org" };
const empty = { type: "", value: null, display: [] };

// A made-up attribute to reach the types no real sub-attribute has.
const badges: AttributeDefinition = {
  ...emails,
  name: "badges",
  subAttributes: [
    { ...emails.subAttributes![0], name: "code", caseExact: true },
    { ...emails.subAttributes![0], name: "issued", type: "dateTime" },
    { ...emails.subAttributes![0], name: "level", type: "integer" },
  ],
};
const mixed: AttributeDefinition = {
  ...emails,
  subAttributes: [...emails.subAttributes!, ...badges.subAttributes!],
};
const badge = { code: "AbC", issued: "2024-03-01T10:00:00+01:00", level: 3 };

const cases: {
  filter: string;
  element: Record<string, unknown>;
  attribute?: AttributeDefinition;
  expected: boolean;
}[] = [
  { filter: 'type eq "work"', element: work, expected: true },
  { filter: 'TYPE eq "WORK"', element: work, expected: true },
  { filter: 'type eq "work"', element: home, expected: false },
  { filter: 'type eq "home"', element: home, expected: true },
  { filter: 'value eq "bjensen@example.com"', element: work, expected: true },
  { filter: 'value co "EXAMPLE"', element: work, expected: true },
  { filter: 'value sw "bjensen@"', element: work, expected: true },
  { filter: 'value ew ".org"', element: home, expected: true },
  { filter: 'value ew ".org"', element: work, expected: false },
  { filter: 'value gt "a"', element: work, expected: true },
  { filter: 'value lt "a"', element: work, expected: false },
  { filter: 'value ge "babs@example.org"', element: home, expected: true },
  { filter: 'value le "babs@example.org"', element: home, expected: true },
  { filter: 'type ne "work"', element: home, expected: true },
  { filter: 'type ne "work"', element: empty, expected: true },
  { filter: 'type co ""', element: { value: "x" }, expected: false },
  { filter: "primary eq true", element: work, expected: true },
  { filter: "primary eq true", element: home, expected: false },
  { filter: "primary ne true", element: home, expected: true },
  { filter: "primary eq false", element: home, expected: false },
  { filter: "type pr", element: work, expected: true },
  { filter: "type pr", element: empty, expected: false },
  { filter: "value pr", element: empty, expected: false },
  { filter: "display pr", element: empty, expected: false },
  { filter: "type eq null", element: empty, expected: true },
  { filter: "type ne null", element: work, expected: true },
  {
    filter: 'type eq "work" and primary eq true',
    element: work,
    expected: true,
  },
  {
    filter: 'type eq "home" or primary eq true',
    element: work,
    expected: true,
  },
  { filter: 'not (type eq "work")', element: work, expected: false },
  { filter: 'not (type eq "work")', element: empty, expected: true },
  {
    filter: 'code eq "abc"',
    element: badge,
    attribute: badges,
    expected: false,
  },
  {
    filter: 'code eq "AbC"',
    element: badge,
    attribute: badges,
    expected: true,
  },
  { filter: 'code co "B"', element: badge, attribute: badges, expected: false },
  {
    filter: 'issued eq "2024-03-01T09:00:00Z"',
    element: badge,
    attribute: badges,
    expected: true,
  },
  {
    filter: 'issued gt "2024-03-01"',
    element: badge,
    attribute: badges,
    expected: true,
  },
  {
    filter: 'issued lt "2024-03-01"',
    element: badge,
    attribute: badges,
    expected: false,
  },
  { filter: "level ge 3", element: badge, attribute: badges, expected: true },
  { filter: "level gt 3", element: badge, attribute: badges, expected: false },
];

describe("matchesFilter", () => {
  it.each(cases)(
    "$filter on $element is $expected",
    ({ filter, element, attribute = emails, expected }) => {
      expect(matchesFilter(parseFilter(filter), element, attribute)).toBe(
        expected,
      );
    },
  );

  it.each([
    { filter: 'foo eq "x"', detail: /no sub-attribute "foo"/ },
    { filter: 'type eq "work" and foo pr', detail: /no sub-attribute "foo"/ },
    { filter: "primary gt true", detail: /not supported on boolean/ },
    { filter: 'primary eq "true"', detail: /expects a boolean value/ },
    { filter: "value eq 3", detail: /expects a string value/ },
    { filter: "value gt null", detail: /cannot compare with null/ },
    { filter: 'issued eq "yesterday"', detail: /expects a dateTime value/ },
    { filter: 'issued eq "2023-02-29"', detail: /expects a dateTime value/ },
    { filter: 'issued co "2024"', detail: /not supported on dateTime/ },
    { filter: 'level eq "3"', detail: /expects an integer value/ },
    { filter: 'x[type eq "a"]', detail: /cannot be nested/ },
  ])("rejects $filter before looking at any element", ({ filter, detail }) => {
    const node = parseFilter(filter);

    expect(() => compileValueFilter(node, mixed)).toThrow(
      expect.objectContaining({
        status: 400,
        scimType: "invalidFilter",
        detail: expect.stringMatching(detail),
      }),
    );
  });
});
