import { expect, test } from "vitest";

import { projectResource } from "./projection";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const user = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: "u1",
  userName: "ann@example.com",
  name: { givenName: "Ann", familyName: "Lee" },
  emails: [{ value: "ann@example.com", type: "work", primary: true }],
  [ENTERPRISE]: { department: "R&D", costCenter: "42" },
  meta: { resourceType: "User" },
};

test.each([
  [
    ["userName"],
    { schemas: user.schemas, id: "u1", userName: "ann@example.com" },
  ],
  [
    ["USERNAME", "name.givenName"],
    {
      schemas: user.schemas,
      id: "u1",
      userName: "ann@example.com",
      name: { givenName: "Ann" },
    },
  ],
  [
    ["emails.value"],
    { schemas: user.schemas, id: "u1", emails: [{ value: "ann@example.com" }] },
  ],
  [
    [`${ENTERPRISE}:department`],
    { schemas: user.schemas, id: "u1", [ENTERPRISE]: { department: "R&D" } },
  ],
  [["nosuch"], { schemas: user.schemas, id: "u1" }],
])("attributes=%j keeps only those and id", (attributes, expected) => {
  expect(projectResource(user, attributes)).toEqual(expected);
});

test("excludedAttributes removes attributes but never id", () => {
  const result = projectResource(user, undefined, [
    "emails",
    "id",
    "name.familyName",
    `${ENTERPRISE}:costCenter`,
  ]);

  expect(result).toEqual({
    schemas: user.schemas,
    id: "u1",
    userName: "ann@example.com",
    name: { givenName: "Ann" },
    [ENTERPRISE]: { department: "R&D" },
    meta: { resourceType: "User" },
  });
  expect(user.emails).toHaveLength(1);
});
