import Link from "next/link";

import { SignOutButton } from "@/components/sign-out-button";
import { getDb } from "@/db";
import { listWorkspacesOfUser } from "@/db/queries/members";
import { requireSessionUser } from "@/lib/auth/require-session";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await requireSessionUser("/");
  const workspaces = await listWorkspacesOfUser(getDb(), user.id);

  return (
    <main className="mx-auto max-w-2xl px-6 py-12">
      <div className="mb-8 flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Your workspaces</h1>
        <SignOutButton />
      </div>
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {workspaces.map((w) => (
          <li
            key={w.id}
            className="flex items-center justify-between px-4 py-3"
          >
            <Link
              href={`/w/${w.slug}`}
              className="font-medium text-indigo-700 hover:underline"
            >
              {w.name}
            </Link>
            <span className="text-sm text-slate-600">
              {w.personal ? "Personal" : `${capitalize(w.plan)} plan`} ·{" "}
              {capitalize(w.role)}
            </span>
          </li>
        ))}
      </ul>
    </main>
  );
}

function capitalize(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
