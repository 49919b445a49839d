"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { changeMemberRoleAction } from "@/app/w/[slug]/settings/members/role-actions";
import { useIsHydrated } from "@/components/use-is-hydrated";
import type { WorkspaceRole } from "@/db/schema";
import { PROVISIONING_ROLES, ROLE_LABELS } from "@/lib/workspaces/roles";

export function MemberRoleSelect({
  slug,
  userId,
  personName,
  role,
  canGrantOwner,
}: {
  slug: string;
  userId: string;
  personName: string;
  role: WorkspaceRole;
  canGrantOwner: boolean;
}) {
  const router = useRouter();
  const [value, setValue] = useState<WorkspaceRole>(role);
  const [isPending, startTransition] = useTransition();
  const isHydrated = useIsHydrated();
  const [status, setStatus] = useState<{
    text: string;
    isError: boolean;
  } | null>(null);
  const roles: WorkspaceRole[] = canGrantOwner
    ? ["owner", ...PROVISIONING_ROLES]
    : [...PROVISIONING_ROLES];

  function change(next: WorkspaceRole) {
    setValue(next);
    setStatus(null);
    startTransition(async () => {
      const result = await changeMemberRoleAction(slug, { userId, role: next });
      if (result.ok) {
        setStatus({
          text: `Role changed to ${ROLE_LABELS[next]}.`,
          isError: false,
        });
      } else {
        setValue(role);
        setStatus({ text: result.error, isError: true });
      }
      router.refresh();
    });
  }

  return (
    <div className="space-y-1">
      <select
        aria-label={`Role of ${personName}`}
        value={value}
        disabled={isPending || !isHydrated}
        onChange={(e) => change(e.currentTarget.value as WorkspaceRole)}
        className="rounded border border-slate-300 px-2 py-1"
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      <p
        role="status"
        aria-live="polite"
        className={
          status?.isError ? "text-xs text-red-700" : "text-xs text-green-800"
        }
      >
        {status?.text}
      </p>
    </div>
  );
}
