import type { WorkspaceRole } from "@/db/schema";

// Highest first: the order in which a person holding several roles keeps
// the strongest one (issue 6).
const ROLE_ORDER: readonly WorkspaceRole[] = [
  "owner",
  "admin",
  "editor",
  "developer",
  "reviewer",
];

/** Positive when `a` grants more than `b`, zero when equal. */
export function compareRoles(a: WorkspaceRole, b: WorkspaceRole) {
  return ROLE_ORDER.indexOf(b) - ROLE_ORDER.indexOf(a);
}

export interface MappedGroup {
  groupId: string;
  displayName: string;
  role: WorkspaceRole;
}

/**
 * The mapped group that gives a person their role: the highest role wins;
 * among groups giving the same role, the first by display name (then id), so
 * the answer does not depend on the order rows arrive in. None when the
 * person is in no mapped group.
 */
export function pickRoleSource(groups: readonly MappedGroup[]) {
  let best: MappedGroup | undefined;
  for (const group of groups) {
    if (!best || isBetterSource(group, best)) best = group;
  }

  return best;
}

function isBetterSource(candidate: MappedGroup, current: MappedGroup) {
  const byRole = compareRoles(candidate.role, current.role);
  if (byRole !== 0) return byRole > 0;
  const byName = candidate.displayName.localeCompare(current.displayName, "en");
  if (byName !== 0) return byName < 0;

  return candidate.groupId < current.groupId;
}
