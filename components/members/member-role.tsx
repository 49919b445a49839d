import type { WorkspaceRole } from "@/db/schema";
import { describeManagedRole } from "@/lib/roles/describe-managed-role";
import type { MappedGroup } from "@/lib/roles/role-order";
import { ROLE_LABELS } from "@/lib/workspaces/roles";

import { MemberRoleSelect } from "./member-role-select";

/**
 * The Role cell of the Members tab. People the IdP manages show where their
 * role comes from and cannot be changed here (decision 0008); owners and
 * admins change manual members' roles, and only an owner touches Owner.
 */
export function MemberRole({
  slug,
  viewerRole,
  member,
  source,
}: {
  slug: string;
  viewerRole: WorkspaceRole;
  member: {
    userId: string;
    name: string;
    email: string;
    role: WorkspaceRole;
    source: "manual" | "scim";
  };
  source: MappedGroup | undefined;
}) {
  const label = ROLE_LABELS[member.role];
  if (member.source === "scim") {
    const { summary, hint } = describeManagedRole(member.role, source);

    return (
      <div>
        <span>{label}</span>
        <p className="text-xs text-slate-700">{summary}</p>
        <p className="text-xs text-slate-600">{hint}</p>
      </div>
    );
  }

  const canChange =
    (viewerRole === "owner" || viewerRole === "admin") &&
    (member.role !== "owner" || viewerRole === "owner");
  if (!canChange) return <span>{label}</span>;

  return (
    <MemberRoleSelect
      slug={slug}
      userId={member.userId}
      personName={member.name || member.email}
      role={member.role}
      canGrantOwner={viewerRole === "owner"}
    />
  );
}
