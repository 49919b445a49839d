import { expect, test } from "vitest";

import { daysUntil, formatRelativeTime } from "./format-relative-time";

const now = new Date("2026-12-04T12:00:00Z");

test.each([
  ["2026-12-04T11:59:30Z", "just now"],
  ["2026-12-04T11:55:00Z", "5 minutes ago"],
  ["2026-12-03T12:00:00Z", "yesterday"],
  ["2026-12-14T12:00:00Z", "in 10 days"],
])("%s is %s", (iso, expected) => {
  expect(formatRelativeTime(new Date(iso), now)).toBe(expected);
});

test("days until expiry round up", () => {
  expect(daysUntil(new Date("2026-12-05T00:00:00Z"), now)).toBe(1);
});
