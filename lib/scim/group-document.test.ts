import { describe, expect, it } from "vitest";

import { GROUP_SCHEMA } from "./attributes";
import { ScimError } from "./errors";
import {
  diffMemberIds,
  isMembersRequested,
  toGroupDocument,
  toGroupResponse,
  toGroupState,
} from "./group-document";

const BASE = "https://roster.test/api/scim/v2";
const ANN = "d0000000-0000-4000-8000-000000000001";
const BOB = "d0000000-0000-4000-8000-000000000002";
const group = {
  id: "e0000000-0000-4000-8000-000000000001",
  displayName: "Engineering",
  externalId: null,
  version: 3,
  createdAt: new Date("2025-01-02T03:04:05.000Z"),
  updatedAt: new Date("2025-02-03T04:05:06.000Z"),
};

function errorOf(act: () => unknown) {
  try {
    act();
  } catch (error) {
    if (error instanceof ScimError)
      return `${error.status} ${error.scimType} ${error.detail}`;
    throw error;
  }

  return "no error";
}

describe("toGroupDocument", () => {
  it("holds members by value and leaves out absent ones", () => {
    expect(toGroupDocument(group, [ANN])).toEqual({
      schemas: [GROUP_SCHEMA],
      id: group.id,
      displayName: "Engineering",
      members: [{ value: ANN }],
    });
    expect(toGroupDocument({ ...group, externalId: "okta-1" }, [])).toEqual({
      schemas: [GROUP_SCHEMA],
      id: group.id,
      externalId: "okta-1",
      displayName: "Engineering",
    });
  });
});

describe("toGroupState", () => {
  it("trims displayName, lowercases and de-duplicates member ids", () => {
    const members = [
      { value: ANN.toUpperCase(), display: "Ann" },
      { value: ANN },
      { value: BOB },
    ];

    expect(
      toGroupState({ displayName: " Eng ", externalId: "x", members }),
    ).toEqual({
      displayName: "Eng",
      externalId: "x",
      memberIds: [ANN, BOB],
    });
  });

  it.each([
    {
      name: "missing displayName",
      document: {},
      detail: /displayName is required/,
    },
    {
      name: "blank displayName",
      document: { displayName: "  " },
      detail: /displayName is required/,
    },
    {
      name: "a non-UUID member",
      document: { displayName: "G", members: [{ value: "bob" }] },
      detail: /"bob" names no user/,
    },
    {
      name: "a member without value",
      document: { displayName: "G", members: [{ display: "x" }] },
      detail: /a member without value/,
    },
  ])("refuses $name with invalidValue", ({ document, detail }) => {
    const answer = errorOf(() => toGroupState(document));

    expect(answer).toMatch(/^400 invalidValue /);
    expect(answer).toMatch(detail);
  });
});

describe("diffMemberIds", () => {
  it("reports the ids added and removed, in their order", () => {
    expect(diffMemberIds([ANN], [BOB, ANN])).toEqual({
      added: [BOB],
      removed: [],
    });
    expect(diffMemberIds([ANN, BOB], [])).toEqual({
      added: [],
      removed: [ANN, BOB],
    });
  });
});

describe("isMembersRequested", () => {
  it.each([
    [{}, true],
    [{ excludedAttributes: ["members"] }, false],
    [{ excludedAttributes: ["MEMBERS"] }, false],
    [{ excludedAttributes: [`${GROUP_SCHEMA}:members`] }, false],
    [{ excludedAttributes: ["members.display"] }, true],
    [{ attributes: ["displayName"] }, false],
    [{ attributes: ["members.value"] }, true],
    [{ attributes: ["displayName"], excludedAttributes: ["members"] }, false],
  ])("%j → %s", (projection, expected) => {
    expect(isMembersRequested(projection)).toBe(expected);
  });
});

describe("toGroupResponse", () => {
  it("serves members with $ref, display and type, and meta with a weak ETag", () => {
    const { resource, etag, location } = toGroupResponse(
      group,
      [{ id: ANN, display: "Ann" }],
      BASE,
    );

    expect(resource).toEqual({
      schemas: [GROUP_SCHEMA],
      id: group.id,
      displayName: "Engineering",
      members: [
        {
          value: ANN,
          $ref: `${BASE}/Users/${ANN}`,
          display: "Ann",
          type: "User",
        },
      ],
      meta: {
        resourceType: "Group",
        created: "2025-01-02T03:04:05.000Z",
        lastModified: "2025-02-03T04:05:06.000Z",
        location: `${BASE}/Groups/${group.id}`,
        version: 'W/"3"',
      },
    });
    expect(etag).toBe('W/"3"');
    expect(location).toBe(`${BASE}/Groups/${group.id}`);
  });

  it("leaves members out when they were not loaded, and projects", () => {
    const { resource } = toGroupResponse(group, undefined, BASE, {
      attributes: ["displayName"],
    });

    expect(resource).toEqual({
      schemas: [GROUP_SCHEMA],
      id: group.id,
      displayName: "Engineering",
    });
  });
});
