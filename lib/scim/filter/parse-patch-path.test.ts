import { describe, expect, it } from "vitest";

import { ScimError } from "../errors";
import type { AttributePath, FilterNode } from "./ast";
import { parsePatchPath } from "./parse";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

function path(name: string, schema?: string): AttributePath {
  const [attribute, subAttribute] = name.split(".");
  return {
    attribute,
    ...(subAttribute ? { subAttribute } : {}),
    ...(schema ? { schema } : {}),
  };
}

const eq = (attribute: string, value: string): FilterNode => ({
  kind: "compare",
  path: { attribute },
  op: "eq",
  value,
});

describe("parsePatchPath", () => {
  it.each([
    { text: "members", expected: { path: path("members") } },
    { text: "name.givenName", expected: { path: path("name.givenName") } },
    {
      text: 'emails[type eq "work"].value',
      expected: {
        path: path("emails"),
        filter: eq("type", "work"),
        subAttribute: "value",
      },
    },
    {
      text: 'members[value eq "2819c223"]',
      expected: {
        path: path("members"),
        filter: eq("value", "2819c223"),
      },
    },
    {
      text: `${ENTERPRISE}:employeeNumber`,
      expected: { path: path("employeeNumber", ENTERPRISE) },
    },
    {
      text: `${ENTERPRISE}:manager.value`,
      expected: { path: path("manager.value", ENTERPRISE) },
    },
  ])("parses $text", ({ text, expected }) => {
    expect(parsePatchPath(text)).toEqual(expected);
  });

  it.each([
    { text: "", detail: /empty/ },
    { text: "__proto__", detail: /Invalid attribute name/ },
    { text: "Constructor", detail: /reserved/ },
    { text: "name.prototype", detail: /reserved/ },
    {
      text: 'emails[type eq "work"].__proto__',
      detail: /Invalid attribute name/,
    },
    { text: 'emails[constructor eq "x"]', detail: /reserved/ },
    { text: "urn:ietf:params:prototype:x:User:title", detail: /reserved/ },
    { text: "emails[type eq work]", detail: /double quotes/ },
    { text: 'emails[type eq "work"', detail: /Missing "\]"/ },
    { text: 'emails[type eq "work"].value eq "x"', detail: /found "eq"/ },
    { text: "members pr", detail: /found "pr"/ },
    { text: "name.givenName.x", detail: /more than one sub-attribute/ },
  ])("rejects $text", ({ text, detail }) => {
    const error = catchError(() => parsePatchPath(text));
    expect(error).toMatchObject({ status: 400, scimType: "invalidPath" });
    expect(error.detail).toMatch(detail);
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
