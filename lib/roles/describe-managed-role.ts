import type { WorkspaceRole } from "@/db/schema";

import type { MappedGroup } from "./role-order";

const HOW_TO_CHANGE =
  "change their groups in the identity provider or the role mapping";
const HINT =
  "To change it, change their groups in your identity provider or the role mapping.";

/**
 * What the Members tab says about the role of a person the IdP manages, and
 * why changing it by hand is refused (issue 6, decision 0008). The group is
 * the one that gives the role, computed when read.
 */
export function describeManagedRole(
  role: WorkspaceRole,
  source: MappedGroup | undefined,
) {
  if (role === "owner") {
    return {
      summary:
        "Provisioned by your identity provider; mappings never change Owner",
      refusal:
        "This person was provisioned by your identity provider. Role mappings never change an owner, and roles of provisioned people cannot be changed by hand.",
    };
  }
  if (source) {
    return {
      summary: `Managed by your identity provider via ${source.displayName}`,
      hint: HINT,
      refusal: `This person's role is managed by your identity provider through the group ${source.displayName}; ${HOW_TO_CHANGE}.`,
    };
  }

  return {
    summary: "Managed by your identity provider (in no mapped group)",
    hint: HINT,
    refusal: `This person's role is managed by your identity provider through the role for provisioned members (they are in no mapped group); ${HOW_TO_CHANGE}.`,
  };
}
