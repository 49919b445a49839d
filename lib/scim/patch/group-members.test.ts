import { describe, expect, it } from "vitest";

import { GROUP_RESOURCE } from "../attributes";
import { applyPatch } from "./apply-patch";
import {
  expectScimError,
  GROUP_ID,
  groupDocument,
  patchBody,
} from "./test-fixtures";

// Group pushes as Okta and Entra ID send them; the member diff is what the
// caller turns into join-table rows.

const cases: {
  name: string;
  operations: unknown[];
  members: unknown;
  added: string[];
  removed: string[];
  displayName?: string;
}[] = [
  {
    name: "Okta adds a member list; a member already present stays once",
    operations: [
      {
        op: "add",
        path: "members",
        value: [
          { value: "u-3", display: "Tove" },
          { value: "u-1", display: "Una" },
        ],
      },
    ],
    members: [
      { value: "u-1", display: "Una" },
      { value: "u-2" },
      { value: "u-3" },
    ],
    added: ["u-3"],
    removed: [],
  },
  {
    name: 'Okta removes with members[value eq "…"]',
    operations: [{ op: "remove", path: 'members[value eq "u-1"]' }],
    members: [{ value: "u-2" }],
    added: [],
    removed: ["u-1"],
  },
  {
    name: "removing a member who is already gone succeeds",
    operations: [{ op: "remove", path: 'members[value eq "u-9"]' }],
    members: [{ value: "u-1", display: "Una" }, { value: "u-2" }],
    added: [],
    removed: [],
  },
  {
    name: 'Entra "Remove" with a value list removes just those members',
    operations: [{ op: "Remove", path: "members", value: [{ value: "u-2" }] }],
    members: [{ value: "u-1", display: "Una" }],
    added: [],
    removed: ["u-2"],
  },
  {
    name: 'Entra "Add" with a capitalised op, several ops in one request',
    operations: [
      { op: "Add", path: "members", value: [{ value: "u-4" }] },
      { op: "Add", path: "members", value: [{ value: "u-5" }] },
    ],
    members: [
      { value: "u-1", display: "Una" },
      { value: "u-2" },
      { value: "u-4" },
      { value: "u-5" },
    ],
    added: ["u-4", "u-5"],
    removed: [],
  },
  {
    name: "replace of members with [] empties the group",
    operations: [{ op: "replace", path: "members", value: [] }],
    members: undefined,
    added: [],
    removed: ["u-1", "u-2"],
  },
  {
    name: "replace of members reports the difference only",
    operations: [
      {
        op: "replace",
        path: "members",
        value: [{ value: "u-2" }, { value: "u-6" }],
      },
    ],
    members: [{ value: "u-2" }, { value: "u-6" }],
    added: ["u-6"],
    removed: ["u-1"],
  },
  {
    name: "Okta renames a group carrying its id",
    operations: [
      { op: "replace", value: { id: GROUP_ID, displayName: "Platform" } },
    ],
    members: [{ value: "u-1", display: "Una" }, { value: "u-2" }],
    added: [],
    removed: [],
    displayName: "Platform",
  },
];

describe("applyPatch on a Group", () => {
  it.each(cases)(
    "$name",
    ({ operations, members, added, removed, displayName }) => {
      const result = applyPatch(
        groupDocument(),
        patchBody(...operations),
        GROUP_RESOURCE,
      );

      expect(result.document.members).toEqual(members);
      expect(result.membersAdded).toEqual(added);
      expect(result.membersRemoved).toEqual(removed);
      expect(result.document.displayName).toBe(displayName ?? "Engineering");
    },
  );

  it("refuses to remove the group's displayName", () => {
    const body = patchBody({ op: "remove", path: "displayName" });

    expectScimError(
      () => applyPatch(groupDocument(), body, GROUP_RESOURCE),
      "mutability",
    );
  });

  it("sets an immutable sub-attribute that had no value (RFC 7644 §3.5.2)", () => {
    const body = patchBody({
      op: "add",
      path: 'members[value eq "u-2"].type',
      value: "User",
    });
    const result = applyPatch(groupDocument(), body, GROUP_RESOURCE);

    expect(result.document.members).toEqual([
      { value: "u-1", display: "Una" },
      { value: "u-2", type: "User" },
    ]);
  });

  it("refuses to change a member's value, which is immutable", () => {
    const body = patchBody({
      op: "replace",
      path: 'members[value eq "u-1"].value',
      value: "u-9",
    });

    expectScimError(
      () => applyPatch(groupDocument(), body, GROUP_RESOURCE),
      "mutability",
    );
  });

  it("refuses a User attribute on a Group", () => {
    const body = patchBody({ op: "add", path: "userName", value: "x" });

    expectScimError(
      () => applyPatch(groupDocument(), body, GROUP_RESOURCE),
      "invalidPath",
    );
  });
});
