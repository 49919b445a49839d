import Link from "next/link";

import { SignOutButton } from "./sign-out-button";

export function SettingsHeader({ slug, name }: { slug: string; name: string }) {
  return (
    <header className="mb-6 flex items-start justify-between">
      <div>
        <p className="text-sm text-slate-600">
          <Link href={`/w/${slug}`} className="hover:underline">
            {name}
          </Link>
        </p>
        <h1 className="mt-1 text-2xl font-semibold">Workspace Settings</h1>
      </div>
      <SignOutButton />
    </header>
  );
}
