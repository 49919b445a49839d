import Link from "next/link";

import { getDb } from "@/db";
import {
  findLastProvisioningEvent,
  listProvisioningEvents,
} from "@/db/queries/provisioning-event-log";
import { getEventRetentionDays } from "@/db/queries/provisioning-event-retention";
import {
  activitySearch,
  parseActivityQuery,
} from "@/lib/activity/activity-filters";
import { presentEvent } from "@/lib/activity/present-event";

import { ActivityFiltersForm } from "./activity-filters-form";
import { ActivityTable } from "./activity-table";
import { LastRequest } from "./last-request";
import { RetentionForm } from "./retention-form";

const PAGE_SIZE = 25;

type SearchParams = Record<string, string | string[] | undefined>;

/** The User Provisioning tab's Activity log: what the IdP sent, and how it went. */
export async function ActivitySection({
  slug,
  workspaceId,
  searchParams,
}: {
  slug: string;
  workspaceId: string;
  searchParams: SearchParams;
}) {
  const query = parseActivityQuery(searchParams);
  const db = getDb();
  const [last, page, retentionDays] = await Promise.all([
    findLastProvisioningEvent(db, workspaceId),
    listProvisioningEvents(db, workspaceId, query.filters, {
      before: query.before,
      after: query.after,
      size: PAGE_SIZE,
    }),
    getEventRetentionDays(db, workspaceId),
  ]);
  const events = page.events.map(presentEvent);
  const path = `/w/${slug}/settings/provisioning`;
  const raw = (name: string) => {
    const value = searchParams[name];

    return (Array.isArray(value) ? value[0] : value) ?? "";
  };

  return (
    <section
      id="activity"
      aria-labelledby="activity-heading"
      className="space-y-4"
    >
      <h3 id="activity-heading" className="font-semibold">
        Activity
      </h3>
      <LastRequest last={last} />
      {last ? (
        <>
          <ActivityFiltersForm
            slug={slug}
            filters={query.filters}
            dateInputs={{ from: raw("from"), to: raw("to") }}
            dateError={query.dateError}
          />
          <p role="status" className="text-sm text-slate-700">
            {events.length === 0
              ? "No events match these filters."
              : `Showing ${events.length} event${events.length === 1 ? "" : "s"}, newest first.`}
          </p>
          {events.length > 0 ? (
            <ActivityTable slug={slug} events={events} />
          ) : null}
          {page.hasNewer || page.hasOlder ? (
            <nav aria-label="Activity pages" className="flex gap-4 text-sm">
              {page.hasNewer ? (
                <Link
                  className="underline"
                  href={`${path}${activitySearch(query.filters, { after: page.events[0]?.id ?? query.before })}#activity`}
                >
                  Newer events
                </Link>
              ) : null}
              {page.hasOlder ? (
                <Link
                  className="underline"
                  href={`${path}${activitySearch(query.filters, { before: page.events.at(-1)?.id ?? query.after })}#activity`}
                >
                  Older events
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : null}
      <RetentionForm slug={slug} days={retentionDays} />
    </section>
  );
}
