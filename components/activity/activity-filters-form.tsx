import Link from "next/link";

import {
  type ActivityFilters,
  EVENT_OPERATIONS,
} from "@/lib/activity/activity-filters";
import { operationLabel } from "@/lib/activity/present-event";

const FIELD = "rounded border border-slate-300 px-2 py-1.5 text-sm";

/**
 * A plain GET form: the filters live in the URL, so a filtered view can be
 * linked, reloaded and rendered on the server.
 */
export function ActivityFiltersForm({
  slug,
  filters,
  dateInputs,
  dateError,
}: {
  slug: string;
  filters: ActivityFilters;
  dateInputs: { from: string; to: string };
  dateError?: string;
}) {
  const path = `/w/${slug}/settings/provisioning`;
  const dateProps = dateError
    ? { "aria-invalid": true, "aria-describedby": "activity-date-error" }
    : {};

  return (
    <form
      method="get"
      action={`${path}#activity`}
      aria-label="Filter activity"
      className="flex flex-wrap items-end gap-3"
    >
      <div className="flex flex-col gap-1">
        <label htmlFor="activity-outcome" className="text-sm font-medium">
          Outcome
        </label>
        <select
          id="activity-outcome"
          name="outcome"
          defaultValue={filters.outcome ?? ""}
          className={FIELD}
        >
          <option value="">All</option>
          <option value="success">Success</option>
          <option value="failure">Failure</option>
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="activity-operation" className="text-sm font-medium">
          Operation
        </label>
        <select
          id="activity-operation"
          name="operation"
          defaultValue={filters.operation ?? ""}
          className={FIELD}
        >
          <option value="">All</option>
          {EVENT_OPERATIONS.map((operation) => (
            <option key={operation} value={operation}>
              {operationLabel(operation)}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="activity-person" className="text-sm font-medium">
          Person or group
        </label>
        <input
          id="activity-person"
          name="person"
          type="search"
          defaultValue={filters.person ?? ""}
          maxLength={200}
          className={FIELD}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="activity-from" className="text-sm font-medium">
          From (UTC)
        </label>
        <input
          id="activity-from"
          name="from"
          type="date"
          defaultValue={dateInputs.from}
          className={FIELD}
          {...dateProps}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="activity-to" className="text-sm font-medium">
          To (UTC)
        </label>
        <input
          id="activity-to"
          name="to"
          type="date"
          defaultValue={dateInputs.to}
          className={FIELD}
          {...dateProps}
        />
      </div>
      <button
        type="submit"
        className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white"
      >
        Apply filters
      </button>
      <Link href={`${path}#activity`} className="py-1.5 text-sm underline">
        Clear filters
      </Link>
      {dateError ? (
        <p
          id="activity-date-error"
          role="alert"
          className="basis-full text-sm text-red-700"
        >
          {dateError}
        </p>
      ) : null}
    </form>
  );
}
