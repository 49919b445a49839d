import { describe, expect, it } from "vitest";

import { USER_RESOURCE } from "../attributes";
import { applyPatch } from "./apply-patch";
import { ENTERPRISE, patchBody, USER_ID, userDocument } from "./test-fixtures";

const WORK = { value: "lena.marsh@example.com", type: "work", primary: true };

interface Accepted {
  name: string;
  operations: unknown[];
  /** Top-level keys of the result; undefined means absent. */
  expected: Record<string, unknown>;
  changed: string[];
}

const accepted: Accepted[] = [
  {
    name: "Okta path-less replace of active",
    operations: [{ op: "replace", value: { active: false } }],
    expected: { active: false },
    changed: ["active"],
  },
  {
    name: 'Entra "Replace" of active with the string "False"',
    operations: [{ op: "Replace", path: "active", value: "False" }],
    expected: { active: false },
    changed: ["active"],
  },
  {
    name: "boolean strings in any case, ops in any case",
    operations: [
      { op: "REPLACE", path: "ACTIVE", value: "fAlSe" },
      { op: "Add", value: { Active: "TRUE" } },
    ],
    expected: { active: true },
    changed: [],
  },
  {
    name: "path-less replace of a complex value merges (RFC 7644 §3.5.2.3)",
    operations: [{ op: "replace", value: { name: { givenName: "Lea" } } }],
    expected: { name: { givenName: "Lea", familyName: "Marsh" } },
    changed: ["name"],
  },
  {
    name: "dotted and URN-qualified keys in a path-less value",
    operations: [
      {
        op: "replace",
        value: {
          "name.familyName": "Marsh-Berg",
          "urn:ietf:params:scim:schemas:core:2.0:User:title": "Lead",
          [`${ENTERPRISE}:employeeNumber`]: "4711",
        },
      },
    ],
    expected: {
      name: { givenName: "Lena", familyName: "Marsh-Berg" },
      title: "Lead",
      "name.familyName": undefined,
      [ENTERPRISE]: {
        department: "Sales",
        manager: { value: "m-1" },
        employeeNumber: "4711",
      },
    },
    changed: ["name", "title", `${ENTERPRISE}:employeeNumber`],
  },
  {
    name: "a bare extension URN key merges that extension's attributes",
    operations: [{ op: "add", value: { [ENTERPRISE]: { Department: "R&D" } } }],
    expected: {
      [ENTERPRISE]: { department: "R&D", manager: { value: "m-1" } },
    },
    changed: [`${ENTERPRISE}:department`],
  },
  {
    name: "a bare extension URN path takes an object of its attributes",
    operations: [
      { op: "replace", path: ENTERPRISE, value: { costCenter: "C7" } },
    ],
    expected: {
      [ENTERPRISE]: {
        department: "Sales",
        manager: { value: "m-1" },
        costCenter: "C7",
      },
    },
    changed: [`${ENTERPRISE}:costCenter`],
  },
  {
    name: "the manager as a bare id (Entra)",
    operations: [{ op: "Add", path: `${ENTERPRISE}:manager`, value: "m-2" }],
    expected: {
      [ENTERPRISE]: { department: "Sales", manager: { value: "m-2" } },
    },
    changed: [`${ENTERPRISE}:manager`],
  },
  {
    name: "sub-attribute path",
    operations: [{ op: "replace", path: "name.familyName", value: "Lund" }],
    expected: { name: { givenName: "Lena", familyName: "Lund" } },
    changed: ["name"],
  },
  {
    name: "value path matching an element sets its sub-attribute",
    operations: [
      {
        op: "replace",
        path: 'emails[type eq "work"].value',
        value: "l@corp.example",
      },
    ],
    expected: { emails: [{ ...WORK, value: "l@corp.example" }] },
    changed: ["emails"],
  },
  {
    name: "value path matching nothing creates the element (Entra)",
    operations: [
      {
        op: "add",
        path: 'emails[type eq "home"].value',
        value: "l@home.example",
      },
    ],
    expected: { emails: [WORK, { type: "home", value: "l@home.example" }] },
    changed: ["emails"],
  },
  {
    name: "replace of a whole matched element keeps the filter's fields",
    operations: [
      {
        op: "replace",
        path: 'emails[type eq "work"]',
        value: { value: "x@y.z" },
      },
    ],
    expected: { emails: [{ type: "work", value: "x@y.z" }] },
    changed: ["emails"],
  },
  {
    name: "an added primary value takes primary from the others (RFC 7643 §2.4)",
    operations: [
      {
        op: "add",
        path: "emails",
        value: [{ value: "l@h.example", primary: "True" }],
      },
    ],
    expected: {
      emails: [
        { ...WORK, primary: false },
        { value: "l@h.example", primary: true },
      ],
    },
    changed: ["emails"],
  },
  {
    name: "adding a value already present changes nothing (RFC 7644 §3.5.2.1)",
    operations: [
      { op: "add", path: "emails", value: { value: "LENA.marsh@example.com" } },
    ],
    expected: { emails: [WORK] },
    changed: [],
  },
  {
    name: "replace of a multi-valued attribute replaces the list",
    operations: [
      { op: "replace", path: "emails", value: [{ value: "n@e.w" }] },
    ],
    expected: { emails: [{ value: "n@e.w" }] },
    changed: ["emails"],
  },
  {
    name: "remove with a value filter",
    operations: [{ op: "remove", path: 'emails[type eq "work"]' }],
    expected: { emails: undefined },
    changed: ["emails"],
  },
  {
    name: "remove with a filter matching nothing succeeds (RFC 7644 §3.5.2.2)",
    operations: [{ op: "remove", path: 'emails[type eq "home"]' }],
    expected: { emails: [WORK] },
    changed: [],
  },
  {
    name: "remove of a sub-attribute and of an extension attribute",
    operations: [
      { op: "remove", path: "name.givenName" },
      { op: "remove", path: `${ENTERPRISE}:department` },
    ],
    expected: {
      name: { familyName: "Marsh" },
      [ENTERPRISE]: { manager: { value: "m-1" } },
    },
    changed: ["name", `${ENTERPRISE}:department`],
  },
  {
    name: "remove of the whole extension",
    operations: [{ op: "remove", path: ENTERPRISE }],
    expected: { [ENTERPRISE]: undefined },
    changed: [`${ENTERPRISE}:department`, `${ENTERPRISE}:manager`],
  },
  {
    name: 'null and "" unassign',
    operations: [
      { op: "replace", path: "title", value: "" },
      { op: "replace", value: { displayName: null, name: { givenName: "" } } },
    ],
    expected: {
      title: undefined,
      displayName: undefined,
      name: { familyName: "Marsh" },
    },
    changed: ["displayName", "name", "title"],
  },
  {
    name: "id equal to the current one, meta echoed, schemas, groups, unknown",
    operations: [
      {
        op: "replace",
        value: {
          id: USER_ID,
          meta: { resourceType: "User" },
          schemas: ["urn:x"],
          groups: [{ value: "g-1" }],
          favouriteColour: "teal",
          "urn:example:custom:2.0:User:badge": "7",
        },
      },
      { op: "replace", path: "id", value: USER_ID },
    ],
    expected: { id: USER_ID, groups: undefined, favouriteColour: undefined },
    changed: [],
  },
  {
    name: "the password is accepted and discarded",
    operations: [
      { op: "replace", path: "password", value: "s3cret" },
      { op: "replace", value: { password: "s3cret" } },
    ],
    expected: { password: undefined },
    changed: [],
  },
];

accepted.push(
  {
    name: "a value path as a key of a path-less value",
    operations: [
      {
        op: "add",
        value: { 'emails[type eq "home"].value': "l@home.example" },
      },
    ],
    expected: { emails: [WORK, { type: "home", value: "l@home.example" }] },
    changed: ["emails"],
  },
  {
    name: "a sub-attribute path on a multi-valued attribute reaches every value",
    operations: [
      { op: "add", path: "emails", value: { value: "l@h.example" } },
      { op: "remove", path: "emails.primary" },
    ],
    expected: {
      emails: [
        { value: "lena.marsh@example.com", type: "work" },
        { value: "l@h.example" },
      ],
    },
    changed: ["emails"],
  },
  {
    name: "a primary set through a value path takes it from the others",
    operations: [
      { op: "add", path: 'emails[type eq "home"].value', value: "h@x" },
      { op: "replace", path: 'emails[type eq "home"].primary', value: "true" },
    ],
    expected: {
      emails: [
        { ...WORK, primary: false },
        { type: "home", value: "h@x", primary: true },
      ],
    },
    changed: ["emails"],
  },
);

describe("applyPatch on a User", () => {
  it.each(accepted)("$name", ({ operations, expected, changed }) => {
    const document = userDocument();
    const result = applyPatch(
      document,
      patchBody(...operations),
      USER_RESOURCE,
    );

    for (const [key, value] of Object.entries(expected)) {
      expect(result.document[key], key).toEqual(value);
    }
    expect(result.changedAttributes).toEqual(changed);
    expect(document).toEqual(userDocument());
  });

  it("sees no change in a Date the caller left in meta", () => {
    const document = { ...userDocument(), meta: { created: new Date(0) } };
    const result = applyPatch(
      document,
      patchBody({ op: "replace", path: "title", value: "Lead" }),
      USER_RESOURCE,
    );

    expect(result.changedAttributes).toEqual(["title"]);
  });

  it("shares nothing with the body: later edits of the body do not leak", () => {
    const value = { givenName: "Lea" };
    const result = applyPatch(
      userDocument(),
      patchBody({ op: "replace", path: "name", value }),
      USER_RESOURCE,
    );
    value.givenName = "Changed";

    expect(result.document.name).toEqual({
      givenName: "Lea",
      familyName: "Marsh",
    });
  });
});
