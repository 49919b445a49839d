import { describe, expect, it } from "vitest";

import { hintForEvent, type HintFacts } from "./event-hint";

const facts = (over: Partial<HintFacts>): HintFacts => ({
  status: 200,
  scimType: null,
  detail: null,
  operation: "update",
  method: "PATCH",
  resourceType: "User",
  requestBody: null,
  ...over,
});

const patch = (...Operations: unknown[]) => ({
  kind: "json",
  value: { schemas: ["x"], Operations },
});

describe("hintForEvent", () => {
  it.each<[string, Partial<HintFacts>, RegExp]>([
    [
      "409 userName taken",
      {
        status: 409,
        scimType: "uniqueness",
        method: "POST",
        operation: "create",
        detail: "A user with this userName already exists in this workspace.",
      },
      /^A person with this userName already exists in Roster/,
    ],
    [
      "409 externalId taken",
      {
        status: 409,
        scimType: "uniqueness",
        detail: "A user with this externalId already exists in this workspace.",
      },
      /already has this externalId/,
    ],
    [
      "409 group name taken",
      { status: 409, scimType: "uniqueness", resourceType: "Group" },
      /A group with this displayName already exists/,
    ],
    [
      "409 last owner",
      {
        status: 409,
        operation: "deactivate",
        detail:
          "This person is the last owner of the workspace and cannot be removed by provisioning.",
      },
      /last owner/,
    ],
    [
      "403 provisioning off",
      {
        status: 403,
        detail: "User provisioning is turned off for this workspace.",
      },
      /^Provisioning is turned off for this workspace; turn it on above/,
    ],
    [
      "403 plan",
      {
        status: 403,
        detail:
          "SCIM provisioning needs the Enterprise plan for this workspace.",
      },
      /Enterprise plan/,
    ],
    ["401 revoked token", { status: 401 }, /token was deleted or has expired/],
    [
      "400 invalidFilter",
      { status: 400, scimType: "invalidFilter", method: "GET" },
      /filter Roster cannot read/,
    ],
    [
      "400 invalidValue",
      { status: 400, scimType: "invalidValue" },
      /value Roster cannot accept/,
    ],
    [
      "400 invalidPath",
      { status: 400, scimType: "invalidPath" },
      /attribute Roster does not know/,
    ],
    [
      "400 invalidSyntax",
      { status: 400, scimType: "invalidSyntax" },
      /cannot parse/,
    ],
    [
      "404 on a user the IdP thinks exists",
      { status: 404, method: "PATCH" },
      /no person with this id .*creates it again/,
    ],
    [
      "404 on an unknown endpoint",
      { status: 404, method: "GET", resourceType: null },
      /SCIM base URL/,
    ],
    ["412 ETag mismatch", { status: 412 }, /ETag/],
    ["429 rate limit", { status: 429 }, /per-token limit/],
    ["500", { status: 500 }, /logged the error/],
  ])("%s", (_, over, hint) => {
    expect(hintForEvent(facts(over))).toMatch(hint);
  });

  it("names the Entra quirk of active sent as text, in either PATCH form", () => {
    expect(
      hintForEvent(
        facts({
          requestBody: patch({ op: "Replace", path: "active", value: "False" }),
        }),
      ),
    ).toBe(
      'Microsoft Entra sent active as text "False"; Roster accepted it as false.',
    );
    expect(
      hintForEvent(
        facts({
          requestBody: patch({ op: "replace", value: { active: "True" } }),
        }),
      ),
    ).toBe(
      'Microsoft Entra sent active as text "True"; Roster accepted it as true.',
    );
  });

  it("says nothing about an ordinary success", () => {
    expect(
      hintForEvent(
        facts({
          requestBody: patch({ op: "replace", path: "active", value: false }),
        }),
      ),
    ).toBeNull();
    expect(hintForEvent(facts({ method: "POST", status: 201 }))).toBeNull();
  });
});
