import { describe, expect, it } from "vitest";

import { USER_RESOURCE } from "../attributes";
import { applyPatch } from "./apply-patch";
import type { ScimDocument } from "./document";
import { coerceToSchema } from "./normalize-value";
import {
  ENTERPRISE,
  expectScimError,
  patchBody,
  USER_ID,
} from "./test-fixtures";

// The PATCH steps of ../shared/cases/idp-requests.json, run on the engine:
// the create body goes through coerceToSchema as POST would, then each PATCH.

const entraCreate = (userName: string, externalId: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
  externalId,
  userName,
  active: true,
  emails: [{ primary: true, type: "work", value: userName }],
  meta: { resourceType: "User" },
  name: { formatted: "Omar Quist", familyName: "Quist", givenName: "Omar" },
  roles: [],
});

function created(body: Record<string, unknown>): ScimDocument {
  return { id: USER_ID, ...coerceToSchema(body, USER_RESOURCE) };
}

const patch = (document: ScimDocument, ...operations: unknown[]) =>
  applyPatch(document, patchBody(...operations), USER_RESOURCE).document;

describe("identity provider dialects", () => {
  it("okta-lookup-create-deactivate-reactivate", () => {
    const user = created({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "lena.marsh@example.com",
      name: { givenName: "Lena", familyName: "Marsh" },
      emails: [
        { primary: true, value: "lena.marsh@example.com", type: "work" },
      ],
      displayName: "Lena Marsh",
      locale: "en-US",
      externalId: "00u1okta0001",
      groups: [],
      password: "p1aceh0lder",
      active: true,
    });
    expect(user).not.toHaveProperty("password");

    const off = patch(user, { op: "replace", value: { active: false } });
    expect(off).toMatchObject({ id: USER_ID, active: false });

    const on = patch(off, { op: "replace", value: { active: true } });
    expect(on).toEqual(user);
  });

  it("entra-default-disable", () => {
    const user = created(entraCreate("ada.vance@example.com", "b1"));
    const off = patch(user, { op: "Replace", path: "active", value: "False" });

    expect(off.active).toBe(false);
  });

  it("entra-replace-several-default", () => {
    const user = created(entraCreate("kai.lund@example.com", "b2"));
    const next = patch(
      user,
      {
        op: "Replace",
        path: 'emails[type eq "work"].value',
        value: "kai.lund@corp.example.com",
      },
      { op: "Replace", path: "name.familyName", value: "Lund-Berg" },
      { op: "Add", path: `${ENTERPRISE}:department`, value: "Retail" },
    );

    expect(next).toMatchObject({
      emails: [
        { primary: true, type: "work", value: "kai.lund@corp.example.com" },
      ],
      name: { familyName: "Lund-Berg", givenName: "Omar" },
      [ENTERPRISE]: { department: "Retail" },
    });
  });

  it("entra-flagged-pathless-dotted-keys", () => {
    const user = created(entraCreate("bo.ek@example.com", "b3"));
    const next = patch(
      user,
      {
        op: "replace",
        path: 'emails[type eq "work"].value',
        value: "bo.ek@corp.example.com",
      },
      {
        op: "replace",
        value: {
          displayName: "Bo Ek",
          "name.givenName": "Bo",
          "name.familyName": "Ek",
          [`${ENTERPRISE}:employeeNumber`]: "4711",
        },
      },
    );

    expect(next).toMatchObject({
      displayName: "Bo Ek",
      name: { givenName: "Bo", familyName: "Ek", formatted: "Omar Quist" },
      [ENTERPRISE]: { employeeNumber: "4711" },
    });
    expect(next).not.toHaveProperty(["name.givenName"]);
    expect(next).not.toHaveProperty(["name.familyName"]);
  });

  it("entra-email-value-path-absent", () => {
    const user = created({
      userName: "rue.dahl@example.com",
      externalId: "b4",
      active: true,
    });
    const next = patch(user, {
      op: "Replace",
      path: 'emails[type eq "work"].value',
      value: "rue.dahl@example.com",
    });

    expect(next.emails).toEqual([
      { type: "work", value: "rue.dahl@example.com" },
    ]);
  });

  it("patch-unknown-op", () => {
    const user = created({ userName: "u1@example.com", displayName: "Before" });
    const body = patchBody(
      { op: "replace", path: "displayName", value: "After" },
      { op: "merge", path: "title", value: "x" },
    );

    expectScimError(
      () => applyPatch(user, body, USER_RESOURCE),
      "invalidSyntax",
    );
    expect(user.displayName).toBe("Before");
  });
});
