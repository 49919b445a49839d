import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { GROUP_RESOURCE, USER_RESOURCE } from "../attributes";
import { ScimError } from "../errors";
import { applyPatch } from "./apply-patch";
import type { ScimDocument } from "./document";
import { coerceToSchema } from "./normalize-value";
import { PATCH_OP_SCHEMA } from "./parse-body";
import {
  ENTERPRISE,
  expectPrototypeClean,
  groupDocument,
  GROUP_ID,
  USER_ID,
  userDocument,
} from "./test-fixtures";

// Thousands of PatchOp-shaped bodies, mostly almost right, over varied
// documents: each gives a result or a 400 ScimError, never another exception,
// never a change to the input, never a write to Object.prototype.

// fast-check would assign "__proto__" as a prototype; the marker becomes an
// own "__proto__" key once the body goes through JSON text, as on the wire.
const PROTO = "__PROTO_MARK__";

const userNames = [
  "userName",
  "USERNAME",
  "active",
  "displayName",
  "title",
  "name",
  "name.givenName",
  "emails",
  "Emails",
  "phoneNumbers",
  "externalId",
  "password",
  ENTERPRISE,
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:manager`,
  "urn:ietf:params:scim:schemas:core:2.0:User:userName",
  "schemas",
];
const userPaths = [
  ...userNames,
  'emails[type eq "work"].value',
  'emails[type eq "work"]',
  "emails.primary",
  "emails[primary eq true].type",
  'emails[value co "x" or type eq "home"]',
  "emails[not (type pr)]",
  'emails[type eq "w"].display',
];
const groupNames = ["displayName", "DisplayName", "members", "externalId"];
const groupPaths = [
  ...groupNames,
  "members.value",
  'members[value eq "u-1"]',
  'members[value eq "u-9"]',
  'members[value eq "u-2"].type',
];
// Sub-attribute names, read-only names and names nobody serves.
const otherNames = [
  "value",
  "type",
  "primary",
  "display",
  "givenName",
  "id",
  "meta",
  "meta.version",
  "groups",
  `${ENTERPRISE}:manager.displayName`,
  "unknown",
  "",
];
const oddPaths = [
  'emails[type eq "work"',
  "emails[x eq 1]",
  'name[givenName eq "x"]',
  "emails[primary gt 1]",
  "a b c",
  "urn:",
  ":",
  "emails[]",
  'emails[type eq "w"].x',
  "constructor.prototype.x",
  `${PROTO}.polluted`,
];
const hostile = [
  "constructor",
  "prototype",
  PROTO,
  `name.${PROTO}`,
  "Constructor",
];

/** Mostly `likely`, once in `odds` times `odd`. */
const almost = <T>(likely: fc.Arbitrary<T>, odd: fc.Arbitrary<T>, odds = 10) =>
  fc.oneof(
    { weight: odds - 1, arbitrary: likely },
    { weight: 1, arbitrary: odd },
  );

const scalar = fc.oneof(
  fc.constantFrom("True", "false", "", "u-1", "u-3", "work", USER_ID, GROUP_ID),
  fc.boolean(),
  fc.constant(null),
  fc.integer(),
  fc.string({ maxLength: 12 }),
);

function bodyFor(names: string[], paths: string[]) {
  const key = almost(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...names) },
      { weight: 1, arbitrary: fc.constantFrom(...otherNames) },
    ),
    fc.oneof(fc.constantFrom(...hostile), fc.string({ maxLength: 8 })),
    40,
  );
  const value = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      scalar,
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(key, tie("value"), { maxKeys: 4 }),
    ),
  })).value;
  const path = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...paths) },
    { weight: 1, arbitrary: fc.constantFrom(...otherNames, ...oddPaths) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
  const operation = fc.record(
    {
      op: almost(
        fc.constantFrom("add", "replace", "remove", "Add", "REPLACE", "Remove"),
        fc.string({ maxLength: 8 }),
        20,
      ),
      path,
      value: almost(fc.dictionary(key, value, { maxKeys: 4 }), value),
    },
    { requiredKeys: ["op", "value"] },
  );

  return almost<unknown>(
    fc.array(operation, { minLength: 1, maxLength: 2 }).map((operations) => ({
      schemas: [PATCH_OP_SCHEMA],
      Operations: operations,
    })),
    value,
  );
}

const targets = {
  user: () => ({ resource: USER_RESOURCE, document: userDocument() }),
  bareUser: () => ({
    resource: USER_RESOURCE,
    document: { id: USER_ID, userName: "u" } as ScimDocument,
  }),
  group: () => ({ resource: GROUP_RESOURCE, document: groupDocument() }),
};
const userBody = bodyFor(userNames, userPaths);
const cases = fc.oneof(
  fc.record({ target: fc.constant("user" as const), body: userBody }),
  fc.record({ target: fc.constant("bareUser" as const), body: userBody }),
  fc.record({
    target: fc.constant("group" as const),
    body: bodyFor(groupNames, groupPaths),
  }),
);

describe("applyPatch on random bodies", () => {
  it("answers with a result or a 400 ScimError, and changes no input", () => {
    fc.assert(
      fc.property(cases, ({ target, body: raw }) => {
        const { resource, document } = targets[target]();
        const text = JSON.stringify(raw).replaceAll(PROTO, "__proto__");
        const before = structuredClone(document);
        try {
          const result = applyPatch(document, JSON.parse(text), resource);
          // What the engine stores is valid input again.
          coerceToSchema(result.document, resource);
        } catch (error) {
          if (!(error instanceof ScimError)) throw error;
          expect(error.status).toBe(400);
        }
        expect(document).toEqual(before);
        expectPrototypeClean();
      }),
      { numRuns: 5000 },
    );
  });
});
