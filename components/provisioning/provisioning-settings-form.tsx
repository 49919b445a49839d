"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { updateSettingsAction } from "@/app/w/[slug]/settings/provisioning/actions";
import type {
  ReactivationPolicy,
  SettingsInput,
} from "@/lib/provisioning/settings-schemas";
import {
  PROVISIONING_ROLES,
  type ProvisioningRole,
  ROLE_LABELS,
} from "@/lib/workspaces/roles";

import { useIsHydrated } from "../use-is-hydrated";
import { ReactivationPolicyField } from "./reactivation-policy-field";

export function ProvisioningSettingsForm({
  slug,
  enabled,
  role,
  reactivationPolicy,
}: {
  slug: string;
  enabled: boolean;
  role: ProvisioningRole;
  reactivationPolicy: ReactivationPolicy;
}) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  // Each control saves through its onChange: before React has hydrated, a
  // change would only move the control and save nothing.
  const isHydrated = useIsHydrated();
  const [status, setStatus] = useState<{
    text: string;
    isError: boolean;
  } | null>(null);

  function save(change: SettingsInput) {
    setStatus(null);
    startTransition(async () => {
      const result = await updateSettingsAction(slug, change);
      setStatus(
        result.ok
          ? { text: "Settings saved.", isError: false }
          : { text: result.error, isError: true },
      );
      router.refresh();
    });
  }

  return (
    <section aria-labelledby="settings-heading" className="space-y-4">
      <h3 id="settings-heading" className="font-semibold">
        Settings
      </h3>
      <div className="flex items-start gap-3">
        <input
          id="provisioning-enabled"
          type="checkbox"
          defaultChecked={enabled}
          disabled={!isHydrated}
          onChange={(e) => save({ enabled: e.currentTarget.checked })}
          className="mt-1 size-4"
        />
        <div>
          <label htmlFor="provisioning-enabled" className="font-medium">
            Enable user provisioning with SCIM
          </label>
          <p className="text-sm text-slate-600">
            When off, your identity provider&apos;s requests are refused; tokens
            stay valid.
          </p>
        </div>
      </div>
      <div className="space-y-1">
        <label htmlFor="provisioning-role" className="block font-medium">
          Role for provisioned members
        </label>
        <select
          id="provisioning-role"
          defaultValue={role}
          disabled={!isHydrated}
          onChange={(e) =>
            save({ role: e.currentTarget.value as ProvisioningRole })
          }
          className="rounded border border-slate-300 px-3 py-2"
        >
          {PROVISIONING_ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <ReactivationPolicyField
        value={reactivationPolicy}
        onChange={(policy) => save({ reactivationPolicy: policy })}
        disabled={!isHydrated}
      />
      <p
        role="status"
        aria-live="polite"
        className={
          status?.isError ? "text-sm text-red-700" : "text-sm text-green-800"
        }
      >
        {status?.text}
      </p>
    </section>
  );
}
