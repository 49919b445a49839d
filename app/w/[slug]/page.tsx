import Link from "next/link";

import { loadWorkspacePage } from "@/lib/workspaces/load-workspace-page";
import { ROLE_LABELS } from "@/lib/workspaces/roles";

export const dynamic = "force-dynamic";

export default async function WorkspacePage({
  params,
}: {
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { workspace, role } = await loadWorkspacePage(slug, `/w/${slug}`);

  return (
    <main className="mx-auto max-w-3xl px-6 py-12">
      <p className="text-sm text-slate-600">
        <Link href="/" className="hover:underline">
          All workspaces
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">{workspace.name}</h1>
      <p className="mt-1 text-slate-600">
        Your role here: {ROLE_LABELS[role]}.
      </p>
      <Link
        href={`/w/${slug}/settings/members`}
        className="mt-6 inline-block rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
      >
        Workspace Settings
      </Link>
    </main>
  );
}
