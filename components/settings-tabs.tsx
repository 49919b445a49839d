import Link from "next/link";

type Tab = "members" | "provisioning";

export function SettingsTabs({
  slug,
  active,
  canManage,
}: {
  slug: string;
  active: Tab;
  canManage: boolean;
}) {
  const tabs: { id: Tab; label: string }[] = [
    { id: "members", label: "Members" },
    ...(canManage
      ? [{ id: "provisioning" as const, label: "User Provisioning" }]
      : []),
  ];

  return (
    <nav
      aria-label="Workspace settings"
      className="mb-8 flex gap-1 border-b border-slate-200"
    >
      {tabs.map((tab) => (
        <Link
          key={tab.id}
          href={`/w/${slug}/settings/${tab.id}`}
          aria-current={tab.id === active ? "page" : undefined}
          className={
            tab.id === active
              ? "-mb-px border-b-2 border-indigo-600 px-4 py-2 font-medium text-indigo-700"
              : "px-4 py-2 text-slate-600 hover:text-slate-900"
          }
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
