"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";

import { updateEventRetentionAction } from "@/app/w/[slug]/settings/provisioning/activity-actions";
import { eventRetentionSchema } from "@/lib/activity/retention-schema";
import { useIsHydrated } from "@/components/use-is-hydrated";

export function RetentionForm({ slug, days }: { slug: string; days: number }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [isPending, startTransition] = useTransition();
  // Before hydration a click would submit the form natively, as a GET that
  // puts its fields in the address.
  const isHydrated = useIsHydrated();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    setSaved(null);
    const parsed = eventRetentionSchema.safeParse({
      days: String(formData.get("days") ?? "").trim(),
    });
    if (!parsed.success) {
      setError(parsed.error.issues[0].message);
      input.current?.focus();

      return;
    }
    setError(null);
    startTransition(async () => {
      const result = await updateEventRetentionAction(slug, parsed.data);
      if (result.ok) {
        setSaved(`Activity is now kept for ${result.data} days.`);
        router.refresh();
      } else {
        setError(result.error);
        input.current?.focus();
      }
    });
  }

  return (
    <form onSubmit={save} noValidate className="space-y-1 pt-2">
      <label htmlFor="event-retention" className="block text-sm font-medium">
        Keep activity for (days)
      </label>
      <p id="event-retention-help" className="text-sm text-slate-600">
        Older requests are deleted automatically. 1 to 3650 days; the default is
        180.
      </p>
      <div className="flex items-center gap-2">
        <input
          ref={input}
          id="event-retention"
          name="days"
          type="number"
          min={1}
          max={3650}
          step={1}
          defaultValue={days}
          aria-invalid={error ? true : undefined}
          aria-describedby={
            error
              ? "event-retention-help event-retention-error"
              : "event-retention-help"
          }
          className="w-28 rounded border border-slate-300 px-2 py-1.5 text-sm"
        />
        <button
          type="submit"
          disabled={isPending || !isHydrated}
          className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium"
        >
          Save retention
        </button>
      </div>
      <p
        id="event-retention-error"
        role="alert"
        className="text-sm text-red-700"
      >
        {error}
      </p>
      <p role="status" aria-live="polite" className="text-sm text-green-800">
        {saved}
      </p>
    </form>
  );
}
