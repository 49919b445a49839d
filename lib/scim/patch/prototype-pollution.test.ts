import { afterEach, describe, expect, it } from "vitest";

import { GROUP_RESOURCE, USER_RESOURCE } from "../attributes";
import { applyPatch } from "./apply-patch";
import { coerceToSchema } from "./normalize-value";
import {
  ENTERPRISE,
  expectPrototypeClean,
  expectScimError,
  groupDocument,
  userDocument,
} from "./test-fixtures";

// Bodies are written as JSON text and parsed, as the route receives them:
// JSON.parse makes "__proto__" an own key, where an object literal would
// set the prototype instead.
const operations = [
  '{"op":"add","value":{"__proto__":{"polluted":1}}}',
  '{"op":"add","path":"__proto__.polluted","value":1}',
  '{"op":"add","path":"constructor.prototype.polluted","value":1}',
  '{"op":"replace","path":"name.__proto__","value":{"polluted":1}}',
  '{"op":"add","path":"name","value":{"__proto__.polluted":"yes"}}',
  '{"op":"add","value":{"constructor.prototype.polluted":"yes"}}',
  '{"op":"add","value":{"name":{"constructor":{"prototype":{"polluted":1}}}}}',
  '{"op":"add","path":"emails","value":[{"value":"a","__proto__":{"polluted":1}}]}',
  '{"op":"add","path":"emails[type eq \\"work\\"].__proto__","value":1}',
  '{"op":"add","path":"emails[constructor eq \\"x\\"].value","value":1}',
  `{"op":"add","value":{"${ENTERPRISE}":{"__proto__":{"polluted":1}}}}`,
  `{"op":"add","path":"${ENTERPRISE}:__proto__","value":1}`,
  '{"op":"add","path":"urn:x:__proto__:y:polluted","value":1}',
  '{"op":"remove","path":"__proto__"}',
  '{"op":"replace","value":{"Prototype":{"polluted":1}}}',
];

const patchText = (operation: string) =>
  `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],` +
  `"Operations":[${operation}]}`;

describe("prototype keys", () => {
  afterEach(expectPrototypeClean);

  it.each(operations)("refuses %s as invalidPath", (operation) => {
    const document = userDocument();
    const body: unknown = JSON.parse(patchText(operation));

    expectScimError(
      () => applyPatch(document, body, USER_RESOURCE),
      "invalidPath",
    );
    expect(document).toEqual(userDocument());
  });

  it("refuses a prototype key at the top of the body", () => {
    const body: unknown = JSON.parse(
      patchText('{"op":"add","path":"title","value":"x"}').replace(
        "{",
        '{"__proto__":{"polluted":1},',
      ),
    );

    expectScimError(
      () => applyPatch(userDocument(), body, USER_RESOURCE),
      "invalidPath",
    );
  });

  it("refuses prototype keys in a Group member", () => {
    const body: unknown = JSON.parse(
      patchText('{"op":"add","path":"members","value":[{"constructor":1}]}'),
    );

    expectScimError(
      () => applyPatch(groupDocument(), body, GROUP_RESOURCE),
      "invalidPath",
    );
  });

  it("treats a prototype name inside a quoted filter value as data", () => {
    const body: unknown = JSON.parse(
      patchText('{"op":"remove","path":"members[value eq \\"__proto__\\"]"}'),
    );
    const result = applyPatch(groupDocument(), body, GROUP_RESOURCE);

    expect(result.changedAttributes).toEqual([]);
  });

  it("refuses prototype keys in a POST or PUT body", () => {
    const body: unknown = JSON.parse(
      '{"userName":"a@b.c","name":{"__proto__":{"polluted":1}}}',
    );

    expectScimError(() => coerceToSchema(body, USER_RESOURCE), "invalidValue");
  });
});
