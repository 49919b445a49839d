import { DataTable } from "@/components/data-table";
import type { ManagedFilter } from "@/db/queries/member-directory";
import type { WorkspaceRole } from "@/db/schema";
import { formatDate } from "@/lib/format-date";
import type { MappedGroup } from "@/lib/roles/role-order";

import { MemberRole } from "./member-role";

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: WorkspaceRole;
  source: "manual" | "scim";
  scimManagedSince: Date | null;
  scimUserName: string | null;
  scimExternalId: string | null;
}

const EMPTY: Record<ManagedFilter, string> = {
  all: "This workspace has no members.",
  scim: "No member is managed by your identity provider.",
  manual:
    "Every member is managed by your identity provider; no one was added by hand.",
};

/** The members list; IdP identifiers only for those who manage provisioning. */
export function MemberTable({
  slug,
  viewerRole,
  roleSources,
  members,
  filter,
  canSeeIdentifiers,
}: {
  slug: string;
  viewerRole: WorkspaceRole;
  roleSources: Map<string, MappedGroup>;
  members: MemberRow[];
  filter: ManagedFilter;
  canSeeIdentifiers: boolean;
}) {
  if (members.length === 0) {
    return <p className="text-slate-600">{EMPTY[filter]}</p>;
  }

  return (
    <DataTable
      labelledBy="members-heading"
      columns={["Name", "Email", "Role", "Managed by"]}
    >
      {members.map((m) => (
        <tr key={m.userId}>
          <td className="px-4 py-2">
            <bdi>{m.name}</bdi>
          </td>
          <td className="px-4 py-2">
            <bdi>{m.email}</bdi>
          </td>
          <td className="px-4 py-2">
            <MemberRole
              slug={slug}
              viewerRole={viewerRole}
              member={m}
              source={roleSources.get(m.userId)}
            />
          </td>
          <td className="px-4 py-2">
            {m.source === "scim" ? (
              <ScimManaged member={m} canSeeIdentifiers={canSeeIdentifiers} />
            ) : (
              <span className="text-slate-600">Roster</span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function ScimManaged({
  member,
  canSeeIdentifiers,
}: {
  member: MemberRow;
  canSeeIdentifiers: boolean;
}) {
  return (
    <div className="space-y-1">
      <span
        title="Provisioned by your identity provider over SCIM"
        className="rounded bg-indigo-100 px-2 py-0.5 text-xs font-semibold text-indigo-800"
      >
        SCIM
      </span>
      {member.scimManagedSince && (
        <p className="text-xs text-slate-600">
          since{" "}
          <time dateTime={member.scimManagedSince.toISOString()}>
            {formatDate(member.scimManagedSince)}
          </time>
        </p>
      )}
      {canSeeIdentifiers && member.scimUserName !== null && (
        <IdpIdentifiers
          userName={member.scimUserName}
          externalId={member.scimExternalId}
        />
      )}
    </div>
  );
}

export function IdpIdentifiers({
  userName,
  externalId,
}: {
  userName: string;
  externalId: string | null;
}) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs text-slate-700">
      <dt className="text-slate-600">userName</dt>
      <dd className="break-all">
        <bdi>{userName}</bdi>
      </dd>
      <dt className="text-slate-600">externalId</dt>
      <dd className="break-all">
        {externalId ? <bdi>{externalId}</bdi> : "not sent"}
      </dd>
    </dl>
  );
}
