import { describe, expect, it } from "vitest";

import type { ScimType } from "../errors";
import { MAX_OPERATIONS, parsePatchBody, PATCH_OP_SCHEMA } from "./parse-body";
import { expectScimError } from "./test-fixtures";

const op = { op: "add", path: "title", value: "x" };

describe("parsePatchBody", () => {
  it("reads member names and ops in any case, blank paths as none", () => {
    const body = {
      SCHEMAS: [PATCH_OP_SCHEMA.toUpperCase()],
      operations: [
        { Op: " Replace ", Path: "active", Value: "False" },
        { op: "ADD", path: "  ", value: { active: true } },
        { op: "remove", path: null },
      ],
    };

    expect(parsePatchBody(body)).toEqual([
      { op: "replace", path: "active", value: "False" },
      { op: "add", path: undefined, value: { active: true } },
      { op: "remove", path: undefined, value: undefined },
    ]);
  });

  it(`accepts ${MAX_OPERATIONS} operations`, () => {
    const operations = Array.from({ length: MAX_OPERATIONS }, () => op);

    expect(
      parsePatchBody({ schemas: [PATCH_OP_SCHEMA], Operations: operations }),
    ).toHaveLength(MAX_OPERATIONS);
  });

  const refused: { name: string; body: unknown; scimType: ScimType }[] = [
    { name: "null", body: null, scimType: "invalidSyntax" },
    { name: "an array", body: [op], scimType: "invalidSyntax" },
    {
      name: "no schemas",
      body: { Operations: [op] },
      scimType: "invalidSyntax",
    },
    {
      name: "schemas as a string",
      body: { schemas: PATCH_OP_SCHEMA, Operations: [op] },
      scimType: "invalidSyntax",
    },
    {
      name: "another schema",
      body: {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        Operations: [op],
      },
      scimType: "invalidSyntax",
    },
    {
      name: "no Operations",
      body: { schemas: [PATCH_OP_SCHEMA] },
      scimType: "invalidSyntax",
    },
    {
      name: "empty Operations",
      body: { schemas: [PATCH_OP_SCHEMA], Operations: [] },
      scimType: "invalidSyntax",
    },
    {
      name: "Operations as an object",
      body: { schemas: [PATCH_OP_SCHEMA], Operations: op },
      scimType: "invalidSyntax",
    },
    {
      name: "too many operations",
      body: {
        schemas: [PATCH_OP_SCHEMA],
        Operations: Array.from({ length: MAX_OPERATIONS + 1 }, () => op),
      },
      scimType: "invalidSyntax",
    },
    {
      name: "an operation that is not an object",
      body: { schemas: [PATCH_OP_SCHEMA], Operations: ["add"] },
      scimType: "invalidSyntax",
    },
    {
      name: "a missing op",
      body: {
        schemas: [PATCH_OP_SCHEMA],
        Operations: [{ path: "title", value: "x" }],
      },
      scimType: "invalidSyntax",
    },
    {
      name: "an unknown op",
      body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ ...op, op: "copy" }] },
      scimType: "invalidSyntax",
    },
    {
      name: "a path that is not a string",
      body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ ...op, path: 3 }] },
      scimType: "invalidPath",
    },
    {
      name: "replace without a value",
      body: {
        schemas: [PATCH_OP_SCHEMA],
        Operations: [{ op: "replace", path: "title" }],
      },
      scimType: "invalidValue",
    },
  ];

  it.each(refused)("refuses $name", ({ body, scimType }) => {
    expectScimError(() => parsePatchBody(body), scimType);
  });
});
