import { expect } from "vitest";

import {
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  USER_SCHEMA,
} from "../attributes";
import { ScimError, type ScimType } from "../errors";
import type { ScimDocument } from "./document";
import { PATCH_OP_SCHEMA } from "./parse-body";

// Plain documents and bodies shared by the PATCH engine's tests.

export const ENTERPRISE = ENTERPRISE_USER_SCHEMA;
export const USER_ID = "2819c223-7f76-453a-919d-413861904646";
export const GROUP_ID = "e9e30dba-f08f-4109-8486-d5c6a331660a";

export function userDocument(): ScimDocument {
  return {
    schemas: [USER_SCHEMA, ENTERPRISE],
    id: USER_ID,
    externalId: "00u1okta0001",
    userName: "lena.marsh@example.com",
    name: { givenName: "Lena", familyName: "Marsh" },
    displayName: "Lena Marsh",
    title: "Engineer",
    active: true,
    emails: [{ value: "lena.marsh@example.com", type: "work", primary: true }],
    [ENTERPRISE]: { department: "Sales", manager: { value: "m-1" } },
    meta: { resourceType: "User", version: 'W/"1"' },
  };
}

export function groupDocument(): ScimDocument {
  return {
    schemas: [GROUP_SCHEMA],
    id: GROUP_ID,
    displayName: "Engineering",
    members: [{ value: "u-1", display: "Una" }, { value: "u-2" }],
    meta: { resourceType: "Group", version: 'W/"7"' },
  };
}

export const patchBody = (...operations: unknown[]) => ({
  schemas: [PATCH_OP_SCHEMA],
  Operations: operations,
});

/** Runs `act`, which must throw a ScimError 400 with `scimType`. */
export function expectScimError(act: () => unknown, scimType: ScimType) {
  let caught: unknown;
  try {
    act();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ScimError);
  expect(caught).toMatchObject({ status: 400, scimType });
}

/** Object.prototype must never gain a property from a request. */
export function expectPrototypeClean() {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(PROTOTYPE_NAMES);
}

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
