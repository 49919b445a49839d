import { getDb } from "@/db";
import {
  listRoleMappings,
  listUnmappedGroups,
} from "@/db/queries/group-role-mappings";
import type { WorkspaceRole } from "@/db/schema";
import { ROLE_LABELS } from "@/lib/workspaces/roles";

import { RoleMappingEditor } from "./role-mapping-editor";

/** The Role mapping section of the User Provisioning tab (issue 6). */
export async function RoleMappingSection({
  slug,
  workspaceId,
  defaultRole,
}: {
  slug: string;
  workspaceId: string;
  defaultRole: WorkspaceRole;
}) {
  const db = getDb();
  const [mappings, groups] = await Promise.all([
    listRoleMappings(db, workspaceId),
    listUnmappedGroups(db, workspaceId),
  ]);

  return (
    <section aria-labelledby="role-mapping-heading" className="space-y-3">
      <h3 id="role-mapping-heading" tabIndex={-1} className="font-semibold">
        Role mapping
      </h3>
      <p className="text-sm text-slate-600">
        Give the members of a group your identity provider pushes a role in this
        workspace. People in no mapped group get the role for provisioned
        members ({ROLE_LABELS[defaultRole]}); someone in several mapped groups
        gets the highest of their roles. Owner is never given by a mapping, and
        owners keep their role.
      </p>
      <RoleMappingEditor
        slug={slug}
        mappings={mappings.map((m) => ({
          groupId: m.groupId,
          displayName: m.displayName,
          memberCount: m.memberCount,
          role: m.role === "owner" ? "admin" : m.role,
        }))}
        groups={groups}
      />
    </section>
  );
}
