import { describe, expect, test } from "vitest";

import { definitionOf, EXPECTED_ATTRIBUTES } from "./expected-attributes";

describe("the attributes the set-up guides list", () => {
  test("come from the User schema that discovery advertises", () => {
    expect(
      EXPECTED_ATTRIBUTES.map((a) => [a.path, a.type, a.isRequired]),
    ).toEqual([
      ["userName", "string", true],
      ['emails[type eq "work"].value', "string", false],
      ["active", "boolean", false],
      ["externalId", "string", false],
      ["displayName", "string", false],
      ["name.givenName", "string", false],
      ["name.familyName", "string", false],
    ]);
    expect(EXPECTED_ATTRIBUTES[0].isUnique).toBe(true);
  });

  test.each(["nickname.value", "emails.kind", "manager"])(
    "an attribute the schema lacks (%s) is refused",
    (path) => {
      expect(() => definitionOf(path)).toThrow(/no attribute/);
    },
  );
});
