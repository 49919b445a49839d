import { describe, expect, test } from "vitest";

import { compareRoles, type MappedGroup, pickRoleSource } from "./role-order";

const group = (
  displayName: string,
  role: MappedGroup["role"],
  groupId = `id-${displayName}`,
): MappedGroup => ({ groupId, displayName, role });

describe("compareRoles", () => {
  test.each([
    ["owner", "admin"],
    ["admin", "editor"],
    ["editor", "developer"],
    ["developer", "reviewer"],
    ["admin", "reviewer"],
  ] as const)("%s grants more than %s", (higher, lower) => {
    expect(compareRoles(higher, lower)).toBeGreaterThan(0);
    expect(compareRoles(lower, higher)).toBeLessThan(0);
  });

  test("a role equals itself", () => {
    expect(compareRoles("editor", "editor")).toBe(0);
  });
});

describe("pickRoleSource", () => {
  test("no mapped group gives no source", () => {
    expect(pickRoleSource([])).toBeUndefined();
  });

  test("the highest role wins whatever the order", () => {
    const groups = [
      group("Contractors", "reviewer"),
      group("Design Leads", "admin"),
      group("Engineers", "developer"),
    ];

    expect(pickRoleSource(groups)?.displayName).toBe("Design Leads");
    expect(pickRoleSource([...groups].reverse())?.displayName).toBe(
      "Design Leads",
    );
  });

  test("equal roles: the first display name gives the role", () => {
    const groups = [group("Zeta", "editor"), group("Alpha", "editor")];

    expect(pickRoleSource(groups)?.displayName).toBe("Alpha");
    expect(pickRoleSource([...groups].reverse())?.displayName).toBe("Alpha");
  });

  test("equal roles and names: the smaller id, so the answer is stable", () => {
    const groups = [group("Same", "editor", "b"), group("Same", "editor", "a")];

    expect(pickRoleSource(groups)?.groupId).toBe("a");
  });
});
