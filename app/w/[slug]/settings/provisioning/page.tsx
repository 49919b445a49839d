import type { Metadata } from "next";
import { headers } from "next/headers";

import { ActivitySection } from "@/components/activity/activity-section";
import { CheckConnection } from "@/components/provisioning/check-connection";
import { SetupGuides } from "@/components/provisioning/guides/setup-guides";
import { ProvisioningSettingsForm } from "@/components/provisioning/provisioning-settings-form";
import { RoleMappingSection } from "@/components/provisioning/role-mapping-section";
import { ScimBaseUrl } from "@/components/provisioning/scim-base-url";
import { TokenSection } from "@/components/provisioning/token-section";
import { SettingsHeader } from "@/components/settings-header";
import { SettingsTabs } from "@/components/settings-tabs";
import { getDb } from "@/db";
import { getProvisioningSettings } from "@/db/queries/provisioning-settings";
import { listTokens } from "@/db/queries/tokens";
import { isWorkspaceAdminRole } from "@/lib/auth/require-session";
import { publicOrigin } from "@/lib/http/public-origin";
import { loadWorkspacePage } from "@/lib/workspaces/load-workspace-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "User Provisioning" };

export default async function ProvisioningPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { workspace, role } = await loadWorkspacePage(
    slug,
    `/w/${slug}/settings/provisioning`,
  );
  const canManage = isWorkspaceAdminRole(role);

  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <SettingsHeader slug={slug} name={workspace.name} />
      <SettingsTabs slug={slug} active="provisioning" canManage={canManage} />
      <h2 className="text-lg font-semibold">User Provisioning</h2>
      {!canManage ? (
        <Notice>
          Only owners and admins of this workspace can manage User Provisioning.
        </Notice>
      ) : workspace.plan !== "enterprise" ? (
        <Notice>
          User provisioning with SCIM is part of the Enterprise plan. This
          workspace is on the {workspace.plan === "team" ? "Team" : "Free"}{" "}
          plan; upgrade to Enterprise to connect Okta, Microsoft Entra ID or
          another identity provider.
        </Notice>
      ) : (
        <ProvisioningSections
          slug={slug}
          workspaceId={workspace.id}
          searchParams={await searchParams}
        />
      )}
    </main>
  );
}

async function ProvisioningSections({
  slug,
  workspaceId,
  searchParams,
}: {
  slug: string;
  workspaceId: string;
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const db = getDb();
  const [tokens, settings, baseUrl] = await Promise.all([
    listTokens(db, workspaceId),
    getProvisioningSettings(db, workspaceId),
    scimBaseUrl(),
  ]);

  return (
    <div className="mt-4 space-y-8">
      <p className="text-slate-600">
        Connect your identity provider so people join and leave this workspace
        automatically. Give it the base URL and a token below, and allow it to
        create and deactivate users.
      </p>
      <ScimBaseUrl url={baseUrl} />
      <TokenSection
        slug={slug}
        tokens={tokens.map((t) => ({
          id: t.id,
          label: t.label,
          fragment: t.fragment,
          createdByName: t.createdByName,
          createdAt: t.createdAt.toISOString(),
          expiresAt: t.expiresAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          lastUsedIp: t.lastUsedIp,
          lastUsedIdp: t.lastUsedIdp,
        }))}
      />
      <ProvisioningSettingsForm
        slug={slug}
        enabled={settings.enabled}
        role={settings.role === "owner" ? "reviewer" : settings.role}
        reactivationPolicy={settings.reactivationPolicy}
      />
      <RoleMappingSection
        slug={slug}
        workspaceId={workspaceId}
        defaultRole={settings.role}
      />
      <CheckConnection slug={slug} />
      <SetupGuides baseUrl={baseUrl} />
      <ActivitySection
        slug={slug}
        workspaceId={workspaceId}
        searchParams={searchParams}
      />
    </div>
  );
}

function Notice({ children }: { children: React.ReactNode }) {
  return (
    <p className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-900">
      {children}
    </p>
  );
}

async function scimBaseUrl() {
  return `${publicOrigin(await headers())}/api/scim/v2`;
}
