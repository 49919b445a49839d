import { describe, expect, it } from "vitest";

import { USER_RESOURCE } from "../attributes";
import type { ScimType } from "../errors";
import { applyPatch } from "./apply-patch";
import {
  ENTERPRISE,
  expectScimError,
  patchBody,
  userDocument,
} from "./test-fixtures";

// Requests the engine refuses, each with the RFC 7644 §3.12 scimType it
// answers; none of them may change the document.

const refused: { name: string; operations: unknown[]; scimType: ScimType }[] = [
  {
    name: "unknown op",
    operations: [{ op: "merge", path: "title", value: "x" }],
    scimType: "invalidSyntax",
  },
  {
    name: "op not a string",
    operations: [{ op: 1, value: {} }],
    scimType: "invalidSyntax",
  },
  {
    name: "remove without path",
    operations: [{ op: "remove" }],
    scimType: "noTarget",
  },
  {
    name: "add without value",
    operations: [{ op: "add", path: "title" }],
    scimType: "invalidValue",
  },
  {
    name: "path-less value not an object",
    operations: [{ op: "replace", value: "x" }],
    scimType: "invalidValue",
  },
  {
    name: "unknown attribute",
    operations: [{ op: "add", path: "colour", value: "x" }],
    scimType: "invalidPath",
  },
  {
    name: "unknown sub-attribute",
    operations: [{ op: "add", path: "name.nick", value: "x" }],
    scimType: "invalidPath",
  },
  {
    name: "unknown schema",
    operations: [{ op: "add", path: "urn:x:y:z:title", value: "x" }],
    scimType: "invalidPath",
  },
  {
    name: "bad path syntax",
    operations: [{ op: "add", path: "emails[type eq", value: "x" }],
    scimType: "invalidPath",
  },
  {
    name: "filter on a single-valued attribute",
    operations: [{ op: "add", path: 'name[givenName eq "x"]', value: {} }],
    scimType: "invalidPath",
  },
  {
    name: "unknown name in a value filter",
    operations: [{ op: "remove", path: 'emails[kind eq "x"]' }],
    scimType: "invalidPath",
  },
  {
    name: "comparison a type does not support",
    operations: [{ op: "remove", path: "emails[primary gt true]" }],
    scimType: "invalidFilter",
  },
  {
    name: "value filter that describes no element",
    operations: [
      { op: "replace", path: 'emails[value co "zzz"].type', value: "work" },
    ],
    scimType: "noTarget",
  },
  {
    name: "another id",
    operations: [{ op: "replace", path: "id", value: "other" }],
    scimType: "mutability",
  },
  {
    name: "another id, path-less",
    operations: [{ op: "replace", value: { id: "other" } }],
    scimType: "mutability",
  },
  {
    name: "a changed meta",
    operations: [{ op: "replace", value: { meta: { version: 'W/"9"' } } }],
    scimType: "mutability",
  },
  {
    name: "remove of id",
    operations: [{ op: "remove", path: "id" }],
    scimType: "mutability",
  },
  {
    name: "groups with a path",
    operations: [{ op: "add", path: "groups", value: [{ value: "g" }] }],
    scimType: "mutability",
  },
  {
    name: "read-only sub-attribute with a path",
    operations: [
      { op: "replace", path: `${ENTERPRISE}:manager.displayName`, value: "M" },
    ],
    scimType: "mutability",
  },
  {
    name: "remove of userName",
    operations: [{ op: "remove", path: "userName" }],
    scimType: "mutability",
  },
  {
    name: 'userName set to ""',
    operations: [{ op: "replace", value: { userName: "" } }],
    scimType: "mutability",
  },
  {
    name: "boolean given an object",
    operations: [{ op: "replace", path: "active", value: { v: 1 } }],
    scimType: "invalidValue",
  },
  {
    name: "boolean given another string",
    operations: [{ op: "replace", value: { active: "yes" } }],
    scimType: "invalidValue",
  },
  {
    name: "string given a number",
    operations: [{ op: "replace", path: "displayName", value: 42 }],
    scimType: "invalidValue",
  },
  {
    name: "employeeNumber given a number",
    operations: [
      { op: "add", value: { [`${ENTERPRISE}:employeeNumber`]: 4711 } },
    ],
    scimType: "invalidValue",
  },
  {
    name: "string over 2048 characters",
    operations: [{ op: "replace", path: "title", value: "x".repeat(2049) }],
    scimType: "invalidValue",
  },
  {
    name: "over 100 values",
    operations: [
      {
        op: "add",
        path: "emails",
        value: Array.from({ length: 101 }, (_, i) => ({ value: `e${i}@x` })),
      },
    ],
    scimType: "invalidValue",
  },
  {
    name: "list growing past 100 values",
    operations: Array.from({ length: 100 }, (_, i) => ({
      op: "add",
      path: "emails",
      value: { value: `e${i}@x` },
    })),
    scimType: "invalidValue",
  },
  {
    name: "two primary values",
    operations: [
      {
        op: "replace",
        path: "emails",
        value: [
          { value: "a", primary: true },
          { value: "b", primary: true },
        ],
      },
    ],
    scimType: "invalidValue",
  },
  {
    name: "complex given a list",
    operations: [{ op: "replace", path: "name", value: ["x"] }],
    scimType: "invalidValue",
  },
];

describe("applyPatch refusals", () => {
  it.each(refused)("refuses $name", ({ operations, scimType }) => {
    const document = userDocument();
    const body = patchBody(...operations);

    expectScimError(() => applyPatch(document, body, USER_RESOURCE), scimType);
    expect(document).toEqual(userDocument());
  });

  it("applies all operations or none: a failing second op changes nothing", () => {
    const document = userDocument();
    const body = patchBody(
      { op: "replace", path: "displayName", value: "After" },
      { op: "replace", path: "active", value: { not: "a boolean" } },
    );

    expectScimError(
      () => applyPatch(document, body, USER_RESOURCE),
      "invalidValue",
    );
    expect(document).toEqual(userDocument());
  });
});
