"use client";

import { useState, useTransition } from "react";

import { checkConnectionAction } from "@/app/w/[slug]/settings/provisioning/check-connection-actions";
import { useIsHydrated } from "@/components/use-is-hydrated";
import type {
  CheckStepResult,
  ConnectionCheckResult,
} from "@/lib/provisioning/check-connection";

const OUTCOMES = {
  passed: { icon: "✓", text: "Passed", className: "text-green-800" },
  failed: { icon: "✗", text: "Failed", className: "text-red-700" },
  skipped: { icon: "–", text: "Skipped", className: "text-slate-600" },
} as const;

export function CheckConnection({ slug }: { slug: string }) {
  const [isPending, startTransition] = useTransition();
  const isHydrated = useIsHydrated();
  const [result, setResult] = useState<ConnectionCheckResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  function runCheck() {
    if (isPending) return;
    setError(null);
    setResult(null);
    startTransition(async () => {
      const answer = await checkConnectionAction(slug);
      if (answer.ok) setResult(answer.data);
      else setError(answer.error);
    });
  }

  return (
    <section aria-labelledby="check-connection-heading" className="space-y-3">
      <h3 id="check-connection-heading" className="font-semibold">
        Check connection
      </h3>
      <p className="text-sm text-slate-600">
        Creates, finds, updates, deactivates, reactivates and deletes a test
        person through the same SCIM service your identity provider uses, then
        undoes all of it. No member is touched and no email is sent.
      </p>
      <button
        type="button"
        onClick={runCheck}
        // Disabled only until hydrated, when a click would do nothing. While
        // checking, aria-disabled rather than disabled: a disabled button
        // loses focus, and keyboard users would start over from the top.
        disabled={!isHydrated}
        aria-disabled={isPending}
        className="rounded bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60 aria-disabled:opacity-60"
      >
        {isPending ? "Checking…" : "Check connection"}
      </button>
      <p role="status" aria-live="polite" className="text-sm font-medium">
        {result ? summaryOf(result) : ""}
      </p>
      <p role="alert" className="text-sm text-red-700">
        {error}
      </p>
      {result && (
        <>
          <ol
            aria-label="Check connection steps"
            className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white"
          >
            {result.steps.map((step) => (
              <StepRow key={step.name} step={step} />
            ))}
          </ol>
          {result.notes.map((note) => (
            <p
              key={note}
              className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
            >
              {note}
            </p>
          ))}
        </>
      )}
    </section>
  );
}

function StepRow({ step }: { step: CheckStepResult }) {
  const outcome = OUTCOMES[step.outcome];

  return (
    <li className="flex gap-3 px-4 py-2 text-sm">
      <span aria-hidden="true" className={`font-bold ${outcome.className}`}>
        {outcome.icon}
      </span>
      <div>
        <p>
          <span className={`font-medium ${outcome.className}`}>
            {outcome.text}:
          </span>{" "}
          {step.label}
          {step.status !== null && (
            <span className="text-slate-600">
              {" "}
              · HTTP {step.status} · {step.durationMs} ms
            </span>
          )}
        </p>
        <p className="text-slate-600">{step.detail}</p>
      </div>
    </li>
  );
}

function summaryOf(result: ConnectionCheckResult) {
  const total = result.steps.length;
  if (result.isOk) {
    return `All ${total} steps passed. Nothing was kept.`;
  }
  const failed = result.steps.findIndex((s) => s.outcome === "failed");

  return `Step ${failed + 1} of ${total} (${result.steps[failed]?.label}) failed. Nothing was kept.`;
}
