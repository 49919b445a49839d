const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** "4 Dec 2026" in UTC, so every instance renders the same day for a row. */
export function formatDate(date: Date): string {
  return DATE_FORMAT.format(date);
}
