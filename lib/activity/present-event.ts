import type { StoredBody } from "./redact-request-body";
import { hintForEvent } from "./event-hint";

export interface EventRow {
  id: number;
  createdAt: Date;
  method: string;
  operation: string;
  subject: string | null;
  status: number;
  outcome: string;
  scimType: string | null;
  detail: string | null;
  resourceType: string | null;
  idp: string | null;
  durationMs: number;
  requestBody: unknown;
}

/** What the Activity list shows of one event. */
export interface EventView {
  id: number;
  time: string;
  operation: string;
  subject: string;
  status: number;
  isSuccess: boolean;
  idp: string;
  duration: string;
  hint: string | null;
}

export function presentEvent(row: EventRow): EventView {
  return {
    id: row.id,
    time: formatEventTime(row.createdAt),
    operation: operationLabel(row.operation),
    subject: row.subject ?? "—",
    status: row.status,
    isSuccess: row.outcome === "success",
    idp: row.idp ?? "Unknown",
    duration: `${row.durationMs} ms`,
    hint: hintForEvent({ ...row, requestBody: row.requestBody }),
  };
}

export function operationLabel(operation: string) {
  return operation.charAt(0).toUpperCase() + operation.slice(1);
}

/** "2026-12-04 17:45:12 UTC": the same for every admin, wherever they are. */
export function formatEventTime(date: Date) {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** The stored body as text for the detail view, and what was left out. */
export function bodyText(body: unknown): { text: string; note?: string } {
  const stored = body as StoredBody;
  if (!stored) return { text: "", note: "This request had no body." };
  switch (stored.kind) {
    case "json":
      return { text: JSON.stringify(stored.value, null, 2) };
    case "truncated":
      return {
        text: stored.preview,
        note: `The body was ${stored.length.toLocaleString("en")} characters; the first 16 KB are kept.`,
      };
    case "omitted":
      return {
        text: "",
        note: `The body was ${stored.length.toLocaleString("en")} characters; bodies over 64 KB are not kept.`,
      };
    default:
      return {
        text: "",
        note: "The body was not valid JSON, so none of it was kept.",
      };
  }
}
