import type { RenderedEmail } from "@/lib/email/render-invitation";
import { formatDate } from "@/lib/format-date";

export interface OutboxEntry {
  id: string;
  to: string;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
  email: RenderedEmail | null;
}

/** Emails as their recipient would read them, with the delivery state. */
export function OutboxList({ entries }: { entries: OutboxEntry[] }) {
  if (entries.length === 0) {
    return <p className="text-slate-600">No emails for you to see yet.</p>;
  }

  return (
    <ol className="space-y-6">
      {entries.map((entry) => (
        <li key={entry.id}>
          <article
            aria-labelledby={`email-${entry.id}`}
            className="rounded-lg border border-slate-200 bg-white p-4"
          >
            <h2 id={`email-${entry.id}`} className="font-semibold">
              {entry.email?.subject ?? "Email that cannot be shown"}
            </h2>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
              <dt className="text-slate-600">To</dt>
              <dd>
                <bdi>{entry.to}</bdi>
              </dd>
              <dt className="text-slate-600">Queued</dt>
              <dd>
                <time dateTime={entry.createdAt.toISOString()}>
                  {formatDate(entry.createdAt)}
                </time>
              </dd>
              <dt className="text-slate-600">Status</dt>
              <dd>{describeStatus(entry)}</dd>
            </dl>
            {entry.email && (
              <>
                <pre className="mt-3 overflow-x-auto rounded bg-slate-50 p-3 text-sm whitespace-pre-wrap">
                  {entry.email.text}
                </pre>
                {entry.email.link && (
                  <a
                    href={entry.email.link}
                    className="mt-3 inline-block font-medium text-indigo-700 underline"
                  >
                    Open the link in this email
                    <span className="sr-only"> to {entry.to}</span>
                  </a>
                )}
              </>
            )}
          </article>
        </li>
      ))}
    </ol>
  );
}

function describeStatus(entry: OutboxEntry) {
  if (entry.sentAt) return `Sent on ${formatDate(entry.sentAt)}`;
  if (entry.attempts === 0) return "Not sent (no SMTP configured)";

  return `Not sent yet: ${entry.attempts} failed attempt${entry.attempts === 1 ? "" : "s"}${entry.lastError ? ` (${entry.lastError})` : ""}`;
}
