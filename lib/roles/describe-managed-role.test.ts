import { describe, expect, test } from "vitest";

import { describeManagedRole } from "./describe-managed-role";

const designLeads = {
  groupId: "g1",
  displayName: "Design Leads",
  role: "admin" as const,
};

describe("describeManagedRole", () => {
  test("names the group that gives the role", () => {
    const text = describeManagedRole("admin", designLeads);

    expect(text.summary).toBe(
      "Managed by your identity provider via Design Leads",
    );
    expect(text.refusal).toContain("through the group Design Leads");
    expect(text.refusal).toContain(
      "change their groups in the identity provider",
    );
  });

  test("in no mapped group: the role for provisioned members", () => {
    const text = describeManagedRole("reviewer", undefined);

    expect(text.summary).toContain("in no mapped group");
    expect(text.refusal).toContain("role for provisioned members");
  });

  test("an owner is never described as given by a group", () => {
    const text = describeManagedRole("owner", designLeads);

    expect(text.summary).not.toContain("Design Leads");
    expect(text.refusal).toContain("never change an owner");
  });
});
