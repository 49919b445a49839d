import { describe, expect, it } from "vitest";

import {
  GROUP_RESOURCE,
  USER_RESOURCE,
  type ResourceSchemas,
} from "../attributes";
import type { ScimType } from "../errors";
import { coerceToSchema } from "./normalize-value";
import { ENTERPRISE, expectScimError } from "./test-fixtures";

const accepted: {
  name: string;
  body: Record<string, unknown>;
  result: Record<string, unknown>;
  resource?: ResourceSchemas;
}[] = [
  {
    name: "Okta PUT echoing read-only and write-only attributes",
    body: {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      id: "abc",
      meta: { resourceType: "User" },
      groups: [],
      password: "p1aceh0lder",
      userName: "lena@example.com",
      active: true,
    },
    result: { userName: "lena@example.com", active: true },
  },
  {
    name: "attribute names in any case, boolean strings",
    body: {
      username: "a@b.c",
      ACTIVE: "False",
      Emails: [{ VALUE: "a@b.c", Primary: "TRUE", type: "work" }],
      NAME: { GivenName: "A" },
    },
    result: {
      userName: "a@b.c",
      active: false,
      emails: [{ value: "a@b.c", primary: true, type: "work" }],
      name: { givenName: "A" },
    },
  },
  {
    name: 'unknown attributes dropped, null and "" unassign',
    body: {
      userName: "a@b.c",
      nickName: "",
      title: null,
      colour: "teal",
      name: { givenName: "", familyName: null },
      emails: [null, ""],
    },
    result: { userName: "a@b.c" },
  },
  {
    name: "the enterprise extension, a bare manager id and URN-qualified keys",
    body: {
      "urn:ietf:params:scim:schemas:core:2.0:User:userName": "a@b.c",
      [ENTERPRISE]: { department: "Retail", manager: "m-1" },
      [`${ENTERPRISE}:costCenter`]: "C7",
      "name.familyName": "Lund",
    },
    result: {
      userName: "a@b.c",
      name: { familyName: "Lund" },
      [ENTERPRISE]: {
        department: "Retail",
        manager: { value: "m-1" },
        costCenter: "C7",
      },
    },
  },
  {
    name: "an extension cleared with null, an unknown extension dropped",
    body: {
      userName: "a@b.c",
      [ENTERPRISE]: null,
      "urn:x:custom:2.0:User": {},
    },
    result: { userName: "a@b.c" },
  },
  {
    name: 'a manager cleared with "" or with an empty id',
    body: {
      [ENTERPRISE]: { department: "R", manager: "" },
      [`${ENTERPRISE}:manager`]: { value: "" },
    },
    result: { [ENTERPRISE]: { department: "R" } },
  },
  {
    name: "a Group keeps members, drops their read-only display",
    body: {
      displayName: "Eng",
      members: [{ value: "u-1", display: "Una" }, { value: "u-1" }],
    },
    result: { displayName: "Eng", members: [{ value: "u-1" }] },
    resource: GROUP_RESOURCE,
  },
];

const refused: { name: string; body: unknown; scimType: ScimType }[] = [
  { name: "not an object", body: ["x"], scimType: "invalidSyntax" },
  {
    name: "a number for a string",
    body: { userName: 7 },
    scimType: "invalidValue",
  },
  {
    name: "an object for a boolean",
    body: { active: {} },
    scimType: "invalidValue",
  },
  {
    name: "a list for a complex value",
    body: { name: [] },
    scimType: "invalidValue",
  },
  {
    name: "a nested object for a sub-attribute",
    body: { name: { givenName: { x: 1 } } },
    scimType: "invalidValue",
  },
  {
    name: "a long string",
    body: { [ENTERPRISE]: { department: "d".repeat(2049) } },
    scimType: "invalidValue",
  },
  {
    name: "101 values",
    body: {
      phoneNumbers: Array.from({ length: 101 }, (_, i) => ({ value: `${i}` })),
    },
    scimType: "invalidValue",
  },
  {
    name: "two primary values",
    body: {
      emails: [
        { value: "a", primary: true },
        { value: "b", primary: "true" },
      ],
    },
    scimType: "invalidValue",
  },
];

describe("coerceToSchema", () => {
  it.each(accepted)("$name", ({ body, result, resource }) => {
    expect(coerceToSchema(body, resource ?? USER_RESOURCE)).toEqual(result);
  });

  it.each(refused)("refuses $name", ({ body, scimType }) => {
    expectScimError(() => coerceToSchema(body, USER_RESOURCE), scimType);
  });

  it("accepts a string of exactly 2048 characters and 100 values", () => {
    const body = {
      title: "t".repeat(2048),
      emails: Array.from({ length: 100 }, (_, i) => ({ value: `${i}@x` })),
    };

    expect(coerceToSchema(body, USER_RESOURCE)).toEqual(body);
  });
});
