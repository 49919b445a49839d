import {
  bodyText,
  formatEventTime,
  operationLabel,
} from "@/lib/activity/present-event";
import { hintForEvent } from "@/lib/activity/event-hint";
import type { findProvisioningEvent } from "@/db/queries/provisioning-event-log";

import { OutcomeBadge } from "./outcome-badge";

type EventRecord = NonNullable<
  Awaited<ReturnType<typeof findProvisioningEvent>>
>;

/** Every field of one recorded request, its hint and its redacted body. */
export function EventDetail({ event }: { event: EventRecord }) {
  const hint = hintForEvent(event);
  const body = bodyText(event.requestBody);
  const fields: [string, React.ReactNode][] = [
    ["Time", formatEventTime(event.createdAt)],
    ["Operation", operationLabel(event.operation)],
    ["Person or group", event.subject ?? "—"],
    [
      "Outcome",
      <span key="outcome">
        <span className="mr-2 font-mono">{event.status}</span>
        <OutcomeBadge isSuccess={event.outcome === "success"} />
      </span>,
    ],
    ["SCIM error type", event.scimType ?? "—"],
    ["Detail", event.detail ?? "—"],
    ["Request", `${event.method} ${event.path}`],
    [
      "Resource",
      event.resourceId
        ? `${event.resourceType} ${event.resourceId}`
        : (event.resourceType ?? "—"),
    ],
    ["Identity provider", event.idp ?? "Unknown"],
    [
      "Token",
      event.tokenFragment
        ? `${event.tokenLabel ? `${event.tokenLabel} · ` : ""}${event.tokenFragment}`
        : "Deleted token",
    ],
    ["Duration", `${event.durationMs} ms`],
    ["Request id", event.requestId],
  ];

  return (
    <div className="space-y-6">
      {hint ? (
        <section
          aria-labelledby="event-hint-heading"
          className="rounded-lg border border-sky-300 bg-sky-50 p-4"
        >
          <h3 id="event-hint-heading" className="font-semibold">
            What this means
          </h3>
          <p>{hint}</p>
        </section>
      ) : null}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        {fields.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-slate-700">{label}</dt>
            <dd className="break-all">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="space-y-2">
        <h3 className="font-semibold">Request body</h3>
        <p className="text-sm text-slate-600">
          Passwords and tokens are removed; email addresses other than the
          person&apos;s own are masked.
        </p>
        {body.note ? <p className="text-sm">{body.note}</p> : null}
        {body.text ? (
          <pre
            tabIndex={0}
            aria-label="Request body"
            className="max-h-96 overflow-auto rounded-lg bg-slate-900 p-4 text-xs text-slate-100"
          >
            {body.text}
          </pre>
        ) : null}
      </div>
    </div>
  );
}
