import Link from "next/link";

import type { ManagedFilter } from "@/db/queries/member-directory";

const LABELS: Record<ManagedFilter, string> = {
  all: "All members",
  scim: "Managed by SCIM",
  manual: "Not managed by SCIM",
};

/** Links, not buttons: the filter lives in the URL, so it can be shared. */
export function ManagedFilterNav({
  slug,
  active,
  counts,
}: {
  slug: string;
  active: ManagedFilter;
  counts: Record<ManagedFilter, number>;
}) {
  return (
    <nav aria-label="Filter members" className="mb-4">
      <ul className="flex flex-wrap gap-2 text-sm">
        {(Object.keys(LABELS) as ManagedFilter[]).map((filter) => (
          <li key={filter}>
            <Link
              href={
                filter === "all"
                  ? `/w/${slug}/settings/members`
                  : `/w/${slug}/settings/members?managed=${filter}`
              }
              aria-current={filter === active ? "page" : undefined}
              className={
                filter === active
                  ? "inline-block rounded-full bg-indigo-700 px-3 py-1 font-medium text-white"
                  : "inline-block rounded-full border border-slate-300 bg-white px-3 py-1 text-slate-800 hover:bg-slate-100"
              }
            >
              {LABELS[filter]} ({counts[filter]})
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
