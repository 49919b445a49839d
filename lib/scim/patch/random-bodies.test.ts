import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { GROUP_RESOURCE, USER_RESOURCE } from "../attributes";
import { ScimError } from "../errors";
import { applyPatch } from "./apply-patch";
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

const names = [
  "userName", "USERNAME", "active", "displayName", "title", "name",
  "name.givenName", "emails", "Emails", "phoneNumbers", "members", "groups",
  "id", "meta", "meta.version", "schemas", "password", "externalId",
  "members.value", "emails.primary", ENTERPRISE, `${ENTERPRISE}:department`,
  `${ENTERPRISE}:manager`, `${ENTERPRISE}:manager.displayName`,
  "urn:ietf:params:scim:schemas:core:2.0:User:userName", "value", "type",
  "primary", "display", "givenName", "constructor", "prototype", PROTO,
  `name.${PROTO}`, "unknownThing", "",
];
const paths = [
  ...names,
  'emails[type eq "work"].value', 'emails[type eq "work"]',
  'members[value eq "u-1"]', 'members[value eq "u-9"].display',
  "emails[primary eq true].type", 'emails[value co "x" or type eq "home"]',
  "emails[not (type pr)]", 'emails[type eq "work"', "emails[x eq 1]",
  'name[givenName eq "x"]', "emails[primary gt 1]", "constructor.prototype.x",
  "a b c", "urn:", ":", "emails[]", 'emails[type eq "w"].x',
];

const key = fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 }));
const scalar = fc.oneof(
  fc.constantFrom("True", "false", "", "u-1", "work", USER_ID, GROUP_ID),
  fc.boolean(),
  fc.constant(null),
  fc.integer(),
  fc.string({ maxLength: 12 }),
);
const value = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4 }),
  ),
})).value;

const operation = fc.record(
  {
    op: fc.oneof(
      fc.constantFrom("add", "replace", "remove", "Add", "REPLACE", "Remove"),
      fc.string({ maxLength: 8 }),
    ),
    path: fc.oneof(fc.constantFrom(...paths), fc.string({ maxLength: 20 })),
    value,
  },
  { requiredKeys: ["op"] },
);

const body = fc.oneof(
  { weight: 9, arbitrary: fc.array(operation, { minLength: 1, maxLength: 6 }).map(
    (operations) => ({ schemas: [PATCH_OP_SCHEMA], Operations: operations }),
  ) },
  { weight: 1, arbitrary: value },
);

const target = fc.oneof(
  fc.constant({ resource: USER_RESOURCE, document: userDocument() }),
  fc.constant({ resource: GROUP_RESOURCE, document: groupDocument() }),
  fc.constant({ resource: USER_RESOURCE, document: { id: USER_ID, userName: "u" } }),
);

describe("applyPatch on random bodies", () => {
  it("answers with a result or a 400 ScimError, and changes no input", () => {
    fc.assert(
      fc.property(target, body, ({ resource, document }, raw) => {
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
