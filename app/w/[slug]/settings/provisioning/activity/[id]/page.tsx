import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { EventDetail } from "@/components/activity/event-detail";
import { SettingsHeader } from "@/components/settings-header";
import { getDb } from "@/db";
import { findProvisioningEvent } from "@/db/queries/provisioning-event-log";
import { isWorkspaceAdminRole } from "@/lib/auth/require-session";
import { loadWorkspacePage } from "@/lib/workspaces/load-workspace-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Provisioning request" };

export default async function ActivityEventPage({
  params,
}: {
  params: Promise<{ slug: string; id: string }>;
}) {
  const { slug, id } = await params;
  const { workspace, role } = await loadWorkspacePage(
    slug,
    `/w/${slug}/settings/provisioning/activity/${id}`,
  );
  // Members who may not manage provisioning see no trace of its log.
  if (!isWorkspaceAdminRole(role) || workspace.plan !== "enterprise")
    notFound();
  if (!/^\d{1,15}$/.test(id)) notFound();

  const event = await findProvisioningEvent(getDb(), workspace.id, Number(id));
  if (!event) notFound();

  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <SettingsHeader slug={slug} name={workspace.name} />
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link
          href={`/w/${slug}/settings/provisioning#activity`}
          className="underline"
        >
          Back to activity
        </Link>
      </nav>
      <h2 className="mb-4 text-lg font-semibold">Provisioning request</h2>
      <EventDetail event={event} />
    </main>
  );
}
