import { z } from "zod";

import { toStorableText } from "@/lib/storable-text";

/** The operations an event can record (describe-event.ts, update routes). */
export const EVENT_OPERATIONS = [
  "create",
  "update",
  "deactivate",
  "reactivate",
  "delete",
  "lookup",
  "group change",
] as const;
export type EventOperation = (typeof EVENT_OPERATIONS)[number];

export const EVENT_OUTCOMES = ["success", "failure"] as const;

export interface ActivityFilters {
  outcome?: (typeof EVENT_OUTCOMES)[number];
  operation?: EventOperation;
  person?: string;
  /** Inclusive UTC day bounds, as YYYY-MM-DD. */
  from?: string;
  to?: string;
}

export interface ActivityQuery {
  filters: ActivityFilters;
  /** Keyset cursors: events with a smaller (before) or larger (after) id. */
  before?: number;
  after?: number;
  /** Why the dates were not applied, for the form. */
  dateError?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const cursorSchema = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 52);

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * Reads the Activity filters from the page's search params. Unknown choices
 * mean "all"; dates that are not real days, or a reversed range, are not
 * applied and come back with a message saying why.
 */
export function parseActivityQuery(params: SearchParams): ActivityQuery {
  const one = (name: string) => {
    const value = params[name];

    return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
  };
  const filters: ActivityFilters = {};

  const outcome = one("outcome");
  if ((EVENT_OUTCOMES as readonly string[]).includes(outcome))
    filters.outcome = outcome as ActivityFilters["outcome"];
  const operation = one("operation");
  if ((EVENT_OPERATIONS as readonly string[]).includes(operation))
    filters.operation = operation as EventOperation;
  // A URL may carry a NUL, which PostgreSQL refuses in a query parameter
  // (the page answered 500), and the cut may split an emoji in two.
  const person = toStorableText(one("person").slice(0, 200));
  if (person) filters.person = person;

  const from = one("from");
  const to = one("to");
  const dateError = checkDates(from, to);
  if (!dateError) {
    if (from) filters.from = from;
    if (to) filters.to = to;
  }

  const before = cursorSchema.safeParse(one("before") || undefined);
  const after = cursorSchema.safeParse(one("after") || undefined);

  return {
    filters,
    ...(before.success
      ? { before: before.data }
      : after.success
        ? { after: after.data }
        : {}),
    ...(dateError ? { dateError } : {}),
  };
}

/** The search string for these filters plus a cursor, for links. */
export function activitySearch(
  filters: ActivityFilters,
  cursor: { before?: number; after?: number } = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...cursor })) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();

  return text ? `?${text}` : "";
}

function checkDates(from: string, to: string): string | undefined {
  for (const [label, value] of [
    ["start", from],
    ["end", to],
  ] as const) {
    if (value && !isRealDay(value)) {
      return `The ${label} date "${value.slice(0, 20)}" is not a date; use the form YYYY-MM-DD. The dates were not applied.`;
    }
  }
  if (from && to && from > to) {
    return "The start date is after the end date; choose a start on or before the end. The dates were not applied.";
  }

  return undefined;
}

function isRealDay(value: string) {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);

  return (
    !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
  );
}
