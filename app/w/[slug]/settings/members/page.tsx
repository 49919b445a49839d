import type { Metadata } from "next";

import {
  MemberDirectory,
  parseManagedFilter,
} from "@/components/members/member-directory";
import { SettingsHeader } from "@/components/settings-header";
import { SettingsTabs } from "@/components/settings-tabs";
import { isWorkspaceAdminRole } from "@/lib/auth/require-session";
import { loadWorkspacePage } from "@/lib/workspaces/load-workspace-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ managed?: string | string[] }>;
}) {
  const { slug } = await params;
  const { workspace, role } = await loadWorkspacePage(
    slug,
    `/w/${slug}/settings/members`,
  );

  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <SettingsHeader slug={slug} name={workspace.name} />
      <SettingsTabs
        slug={slug}
        active="members"
        canManage={isWorkspaceAdminRole(role)}
      />
      <MemberDirectory
        slug={slug}
        workspace={workspace}
        filter={parseManagedFilter((await searchParams).managed)}
        canSeeIdentifiers={isWorkspaceAdminRole(role)}
        viewerRole={role}
      />
    </main>
  );
}
