import type { Metadata } from "next";

import { MemberRole } from "@/components/members/member-role";
import { SettingsHeader } from "@/components/settings-header";
import { SettingsTabs } from "@/components/settings-tabs";
import { getDb } from "@/db";
import { listMembers } from "@/db/queries/members";
import { isWorkspaceAdminRole } from "@/lib/auth/require-session";
import { listRoleSources } from "@/lib/roles/list-role-sources";
import { loadWorkspacePage } from "@/lib/workspaces/load-workspace-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({
  params,
}: {
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { workspace, role } = await loadWorkspacePage(
    slug,
    `/w/${slug}/settings/members`,
  );
  const members = await listMembers(getDb(), workspace.id);
  const roleSources = await listRoleSources(getDb(), workspace.id);

  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <SettingsHeader slug={slug} name={workspace.name} />
      <SettingsTabs
        slug={slug}
        active="members"
        canManage={isWorkspaceAdminRole(role)}
      />
      <h2 className="mb-4 text-lg font-semibold">Members ({members.length})</h2>
      <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-left text-sm">
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Name
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Email
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Role
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Managed by
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
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
                  viewerRole={role}
                  member={m}
                  source={roleSources.get(m.userId)}
                />
              </td>
              <td className="px-4 py-2">
                {m.source === "scim" ? (
                  <span
                    title="Provisioned by your identity provider over SCIM"
                    className="rounded bg-indigo-100 px-2 py-0.5 text-xs font-semibold text-indigo-800"
                  >
                    SCIM
                  </span>
                ) : (
                  <span className="text-slate-500">Roster</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
