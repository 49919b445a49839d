import { formatRelativeTime } from "@/lib/format-relative-time";
import { formatEventTime } from "@/lib/activity/present-event";

export function LastRequest({
  last,
}: {
  last: { createdAt: Date; idp: string | null } | undefined;
}) {
  if (!last) {
    return (
      <div className="rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm">
        <p className="font-medium">No request has arrived yet.</p>
        <p className="text-slate-700">
          Paste the SCIM base URL and a token into your identity provider, turn
          provisioning on, then assign a person to the app (or use the
          IdP&apos;s &ldquo;Test connection&rdquo;). Each request shows up here.
        </p>
      </div>
    );
  }

  return (
    <p className="text-sm">
      <span className="font-medium">Last request received </span>
      <time dateTime={last.createdAt.toISOString()}>
        {formatRelativeTime(last.createdAt)}
      </time>{" "}
      from {last.idp ?? "an unrecognised identity provider"}{" "}
      <span className="text-slate-600">
        ({formatEventTime(last.createdAt)})
      </span>
    </p>
  );
}
