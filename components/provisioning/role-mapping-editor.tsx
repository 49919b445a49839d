"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import {
  createRoleMappingAction,
  deleteRoleMappingAction,
  updateRoleMappingAction,
} from "@/app/w/[slug]/settings/provisioning/role-mapping-actions";
import { DataTable } from "@/components/data-table";
import { useIsHydrated } from "@/components/use-is-hydrated";
import type { ActionResult } from "@/lib/auth/run-settings-action";
import {
  PROVISIONING_ROLES,
  type ProvisioningRole,
  ROLE_LABELS,
} from "@/lib/workspaces/roles";

import { RemoveMappingButton } from "./remove-mapping-button";

export interface MappingView {
  groupId: string;
  displayName: string;
  memberCount: number;
  role: ProvisioningRole;
}

export interface GroupChoice {
  groupId: string;
  displayName: string;
  memberCount: number;
}

type Outcome = ActionResult<{ groupName: string; changed: number }>;
type Status = { text: string; isError: boolean } | null;

export const membersLabel = (n: number) => `${n} member${n === 1 ? "" : "s"}`;

function describeOutcome(
  result: Outcome,
  done: (groupName: string) => string,
): Status {
  if (!result.ok) return { text: result.error, isError: true };
  const { groupName, changed } = result.data;
  const roles =
    changed === 0
      ? "No member's role changed."
      : `Role of ${membersLabel(changed)} changed.`;

  return { text: `${done(groupName)} ${roles}`, isError: false };
}

export function RoleMappingEditor({
  slug,
  mappings,
  groups,
}: {
  slug: string;
  mappings: MappingView[];
  groups: GroupChoice[];
}) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const isHydrated = useIsHydrated();
  const isBusy = isPending || !isHydrated;
  const [status, setStatus] = useState<Status>(null);

  function run(
    work: () => Promise<Outcome>,
    done: (groupName: string) => string,
    onFailure?: () => void,
  ) {
    setStatus(null);
    startTransition(async () => {
      const result = await work();
      if (!result.ok) onFailure?.();
      setStatus(describeOutcome(result, done));
      router.refresh();
    });
  }

  function add(formData: FormData) {
    const input = {
      groupId: String(formData.get("groupId") ?? ""),
      role: String(formData.get("role") ?? "") as ProvisioningRole,
    };
    run(
      () => createRoleMappingAction(slug, input),
      (group) => `Mapped ${group} to ${ROLE_LABELS[input.role] ?? input.role}.`,
    );
  }

  return (
    <div className="space-y-4">
      {mappings.length === 0 ? (
        <p className="text-slate-600">No group is mapped to a role yet.</p>
      ) : (
        <DataTable
          caption="Mapped groups and their roles"
          columns={[
            "IdP group",
            "Members",
            "Role",
            <span key="actions" className="sr-only">
              Actions
            </span>,
          ]}
        >
          {mappings.map((m) => (
            <tr key={m.groupId}>
              <th scope="row" className="px-4 py-2 font-medium">
                <bdi>{m.displayName}</bdi>
              </th>
              <td className="px-4 py-2">{membersLabel(m.memberCount)}</td>
              <td className="px-4 py-2">
                <select
                  aria-label={`Role for ${m.displayName}`}
                  defaultValue={m.role}
                  disabled={isBusy}
                  onChange={(e) => {
                    const select = e.currentTarget;
                    const role = select.value as ProvisioningRole;
                    run(
                      () =>
                        updateRoleMappingAction(slug, {
                          groupId: m.groupId,
                          role,
                        }),
                      (group) => `${group} now gives ${ROLE_LABELS[role]}.`,
                      () => {
                        select.value = m.role;
                      },
                    );
                  }}
                  className="rounded border border-slate-300 px-2 py-1"
                >
                  {PROVISIONING_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
              </td>
              <td className="px-4 py-2 text-right">
                <RemoveMappingButton
                  groupName={m.displayName}
                  disabled={isBusy}
                  onConfirm={() =>
                    run(
                      () =>
                        deleteRoleMappingAction(slug, { groupId: m.groupId }),
                      (group) => `Removed the mapping of ${group}.`,
                    )
                  }
                />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {groups.length === 0 ? (
        <p className="text-sm text-slate-600">
          {mappings.length === 0
            ? "Your identity provider has not pushed any groups yet. Push groups from it (Okta: Push Groups; Microsoft Entra ID: assign groups to the app) to map them to roles here."
            : "Every group your identity provider pushed is mapped."}
        </p>
      ) : (
        <form action={add} className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <label
              htmlFor="mapping-group"
              className="block text-sm font-medium"
            >
              IdP group
            </label>
            <select
              id="mapping-group"
              disabled={isBusy}
              name="groupId"
              required
              className="max-w-xs rounded border border-slate-300 px-3 py-2 text-sm"
            >
              {groups.map((g) => (
                <option key={g.groupId} value={g.groupId}>
                  {`${g.displayName} (${membersLabel(g.memberCount)})`}
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="mapping-role" className="block text-sm font-medium">
              Role
            </label>
            <select
              id="mapping-role"
              disabled={isBusy}
              name="role"
              defaultValue="admin"
              className="rounded border border-slate-300 px-3 py-2 text-sm"
            >
              {PROVISIONING_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </div>
          <button
            type="submit"
            disabled={isBusy}
            className="rounded bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
          >
            Add mapping
          </button>
        </form>
      )}
      <p
        role="status"
        aria-live="polite"
        className={
          status?.isError ? "text-sm text-red-700" : "text-sm text-green-800"
        }
      >
        {status?.text}
      </p>
    </div>
  );
}
