import { getDb } from "@/db";
import {
  countMembersBySource,
  listDeactivatedScimUsers,
  listMemberDirectory,
  MANAGED_FILTERS,
  type ManagedFilter,
} from "@/db/queries/member-directory";
import type { Plan, WorkspaceRole } from "@/db/schema";
import { listRoleSources } from "@/lib/roles/list-role-sources";

import { DeactivatedMembers } from "./deactivated-members";
import { ManagedFilterNav } from "./managed-filter";
import { MemberTable } from "./member-table";

/** `?managed=` from the URL; anything unknown shows everyone. */
export function parseManagedFilter(value: unknown): ManagedFilter {
  return MANAGED_FILTERS.find((f) => f === value) ?? "all";
}

/**
 * The Members tab: who is here, who the IdP manages, and who it deactivated.
 * IdP identifiers are shown to owners and admins only (decision 0010).
 */
export async function MemberDirectory({
  slug,
  workspace,
  filter,
  canSeeIdentifiers,
  viewerRole,
}: {
  slug: string;
  workspace: { id: string; plan: Plan };
  filter: ManagedFilter;
  canSeeIdentifiers: boolean;
  viewerRole: WorkspaceRole;
}) {
  const db = getDb();
  const [members, counts, deactivated, roleSources] = await Promise.all([
    listMemberDirectory(db, workspace.id, filter),
    countMembersBySource(db, workspace.id),
    listDeactivatedScimUsers(db, workspace.id),
    listRoleSources(db, workspace.id),
  ]);
  const showsDeactivated =
    workspace.plan === "enterprise" || deactivated.length > 0;

  return (
    <>
      <h2 id="members-heading" className="mb-4 text-lg font-semibold">
        Members ({counts.all})
      </h2>
      <ManagedFilterNav slug={slug} active={filter} counts={counts} />
      <MemberTable
        slug={slug}
        viewerRole={viewerRole}
        roleSources={roleSources}
        members={members}
        filter={filter}
        canSeeIdentifiers={canSeeIdentifiers}
      />
      {showsDeactivated && (
        <DeactivatedMembers
          people={deactivated}
          canSeeIdentifiers={canSeeIdentifiers}
        />
      )}
    </>
  );
}
