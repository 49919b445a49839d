import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { isoTimestamp } from "./iso-timestamp";

// PostgreSQL's ISO text of a timestamptz in a UTC session, as the driver
// hands it over: the fraction loses trailing zeros, or disappears.
function postgresText(date: Date, micros: number): string {
  const iso = date.toISOString();
  const fraction = String(date.getUTCMilliseconds() * 1000 + micros)
    .padStart(6, "0")
    .replace(/0+$/, "");

  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ""}+00`;
}

describe("isoTimestamp", () => {
  it("answers what Date#toISOString answers for PostgreSQL's text", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1000-01-01T00:00:00Z"),
          max: new Date("9999-12-31T23:59:59.999Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 999 }),
        (date, micros) => {
          const text = postgresText(date, micros);

          expect(isoTimestamp(text)).toBe(new Date(text).toISOString());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    "2026-12-04 20:31:48+00",
    "2026-12-04 20:31:48.1+00",
    "2026-12-04 20:31:48.999999+00",
    "2026-12-04 21:31:48.5+01",
    "2026-12-04 15:01:48.25-05:30",
    "0099-01-01 00:00:00+00",
    "0999-12-31 23:59:59.5+00",
  ])("answers as Date does for %s", (text) => {
    expect(isoTimestamp(text)).toBe(new Date(text).toISOString());
  });

  it("throws as Date does for text that is no time", () => {
    expect(() => isoTimestamp("infinity")).toThrow(RangeError);
  });
});
