import Link from "next/link";

import type { EventView } from "@/lib/activity/present-event";

import { OutcomeBadge } from "./outcome-badge";

export function ActivityTable({
  slug,
  events,
}: {
  slug: string;
  events: EventView[];
}) {
  return (
    <table className="w-full table-fixed border-collapse text-left text-sm">
      <caption className="sr-only">Provisioning requests, newest first</caption>
      <thead>
        <tr className="border-b border-slate-300">
          <th scope="col" className="w-28 py-2 pr-2">
            Time
          </th>
          <th scope="col" className="w-24 py-2 pr-2">
            Operation
          </th>
          <th scope="col" className="py-2 pr-2">
            Person or group
          </th>
          <th scope="col" className="w-24 py-2 pr-2">
            Status
          </th>
          <th scope="col" className="w-24 py-2 pr-2">
            IdP
          </th>
          <th scope="col" className="w-16 py-2 pr-2">
            Duration
          </th>
          <th scope="col" className="w-16 py-2">
            <span className="sr-only">Details</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id} className="border-b border-slate-200 align-top">
            <td className="py-2 pr-2 font-mono text-xs">{event.time}</td>
            <td className="py-2 pr-2">{event.operation}</td>
            <td className="py-2 pr-2 break-words">
              <span className="font-medium">{event.subject}</span>
              {event.hint ? (
                <span className="mt-1 block text-slate-700">{event.hint}</span>
              ) : null}
            </td>
            <td className="py-2 pr-2">
              <span className="mr-1 font-mono">{event.status}</span>
              <OutcomeBadge isSuccess={event.isSuccess} />
            </td>
            <td className="py-2 pr-2 break-words">{event.idp}</td>
            <td className="py-2 pr-2">{event.duration}</td>
            <td className="py-2">
              <Link
                href={`/w/${slug}/settings/provisioning/activity/${event.id}`}
                className="underline"
              >
                Details
                <span className="sr-only">
                  {` of ${event.operation} ${event.subject} at ${event.time}`}
                </span>
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
