"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";

import { createTokenAction } from "@/app/w/[slug]/settings/provisioning/actions";
import { daysUntil, formatRelativeTime } from "@/lib/format-relative-time";

import { useIsHydrated } from "../use-is-hydrated";

import { DeleteTokenButton } from "./delete-token-button";
import { NewTokenDialog } from "./new-token-dialog";

export interface TokenView {
  id: string;
  label: string;
  fragment: string;
  createdByName: string | null;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  lastUsedIdp: string | null;
}

const LIFETIMES = [
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "1 year" },
  { days: 730, label: "2 years" },
];

export function TokenSection({
  slug,
  tokens,
}: {
  slug: string;
  tokens: TokenView[];
}) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const createButton = useRef<HTMLButtonElement>(null);
  // Until React has hydrated, a click would submit the form natively (a GET
  // that puts the label in the address and creates nothing).
  const isHydrated = useIsHydrated();
  const heading = useRef<HTMLHeadingElement>(null);

  // onSubmit, not a form action: React empties a form after its action,
  // and a refused label must stay in the field to be corrected.
  function create(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const formData = new FormData(form);
    setError(null);
    setStatus("");
    startTransition(async () => {
      const result = await createTokenAction(slug, {
        label: String(formData.get("label") ?? ""),
        lifetimeDays: String(formData.get("lifetimeDays") ?? "365"),
      });
      if (result.ok) {
        form.reset();
        setRevealed(result.data.token);
        setStatus("Token created.");
        router.refresh();
      } else {
        setError(result.error);
      }
    });
  }

  return (
    <section aria-labelledby="tokens-heading" className="space-y-3">
      <h3
        id="tokens-heading"
        ref={heading}
        tabIndex={-1}
        className="font-semibold"
      >
        SCIM tokens
      </h3>
      {tokens.length === 0 ? (
        <p className="text-slate-600">
          No token yet. Create one and paste it into your identity provider.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {tokens.map((t) => (
            <li
              key={t.id}
              className="flex flex-wrap items-center justify-between gap-3 px-4 py-3"
            >
              <div className="text-sm">
                <p className="font-medium">{t.label}</p>
                <p className="font-mono text-slate-700">{t.fragment}</p>
                <p className="text-slate-600">
                  Created {formatDate(t.createdAt)}
                  {t.createdByName ? ` by ${t.createdByName}` : ""} · Expires{" "}
                  {formatDate(t.expiresAt)}
                </p>
                <p className="text-slate-600" suppressHydrationWarning>
                  {describeLastUse(t)}
                </p>
                <ExpiryWarning expiresAt={t.expiresAt} />
              </div>
              <DeleteTokenButton
                slug={slug}
                tokenId={t.id}
                label={t.label}
                onDeleted={() => {
                  setStatus(`Token “${t.label}” deleted.`);
                  // Its Delete button is about to disappear with the row.
                  heading.current?.focus();
                }}
              />
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={create} className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="token-label" className="block text-sm font-medium">
            Token label
          </label>
          <input
            id="token-label"
            name="label"
            placeholder="Okta production"
            maxLength={100}
            className="rounded border border-slate-300 px-3 py-2 text-sm"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="token-lifetime" className="block text-sm font-medium">
            Expires after
          </label>
          <select
            id="token-lifetime"
            name="lifetimeDays"
            defaultValue="365"
            className="rounded border border-slate-300 px-3 py-2 text-sm"
          >
            {LIFETIMES.map((l) => (
              <option key={l.days} value={l.days}>
                {l.label}
              </option>
            ))}
          </select>
        </div>
        <button
          ref={createButton}
          type="submit"
          disabled={isPending || !isHydrated}
          className="rounded bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
        >
          Create SCIM token
        </button>
      </form>
      <p role="status" aria-live="polite" className="text-sm text-green-800">
        {status}
      </p>
      <p role="alert" className="text-sm text-red-700">
        {error}
      </p>
      {revealed && (
        <NewTokenDialog
          token={revealed}
          onClose={() => {
            setRevealed(null);
            // The button was disabled while the token was created, so the
            // dialog has no focused element of its own to return to.
            createButton.current?.focus();
          }}
        />
      )}
    </section>
  );
}

function describeLastUse(t: TokenView) {
  if (!t.lastUsedAt) return "Never used";
  const by = t.lastUsedIdp ? ` by ${t.lastUsedIdp}` : "";
  const from = t.lastUsedIp ? ` from ${t.lastUsedIp}` : "";

  return `Last used ${formatRelativeTime(new Date(t.lastUsedAt))}${by}${from}`;
}

// DESIGN.md/issue 4: warn from 30 days before expiry, so rotation has time.
function ExpiryWarning({ expiresAt }: { expiresAt: string }) {
  const days = daysUntil(new Date(expiresAt));
  if (days > 30) return null;

  return (
    <p className="font-medium text-amber-800">
      {days <= 0 ? "Expired" : `Expires in ${days} day${days === 1 ? "" : "s"}`}
      : create a new token and switch your identity provider to it.
    </p>
  );
}

function formatDate(iso: string) {
  return new Date(iso).toLocaleDateString("en", {
    year: "numeric",
    month: "short",
    day: "numeric",
  });
}
