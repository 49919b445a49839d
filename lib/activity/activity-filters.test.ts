import { describe, expect, it } from "vitest";

import { isStorableText } from "@/lib/storable-text";

import { activitySearch, parseActivityQuery } from "./activity-filters";

describe("parseActivityQuery", () => {
  it("reads every filter and a cursor", () => {
    expect(
      parseActivityQuery({
        outcome: "failure",
        operation: "group change",
        person: "  jane ",
        from: "2026-01-01",
        to: "2026-01-31",
        before: "42",
      }),
    ).toEqual({
      filters: {
        outcome: "failure",
        operation: "group change",
        person: "jane",
        from: "2026-01-01",
        to: "2026-01-31",
      },
      before: 42,
    });
  });

  it("treats unknown choices and bad cursors as no filter", () => {
    expect(
      parseActivityQuery({
        outcome: "maybe",
        operation: ["drop table", "x"],
        before: "-1",
        after: "1e400",
      }),
    ).toEqual({ filters: {} });
  });

  it.each([
    [{ from: "2026-02-30" }, /start date "2026-02-30" is not a date/],
    [{ to: "yesterday" }, /end date "yesterday" is not a date/],
    [{ from: "2026-03-02", to: "2026-03-01" }, /start date is after the end/],
  ])("refuses %o with a message and applies no dates", (params, message) => {
    const query = parseActivityQuery(params);

    expect(query.dateError).toMatch(message);
    expect(query.filters).toEqual({});
  });

  it("keeps the person filter storable: no NUL, no half emoji", () => {
    const person = (value: string) =>
      parseActivityQuery({ person: value }).filters.person ?? "";

    expect(person("a\u0000b")).toBe("a\uFFFDb");
    // 200 characters end between the two halves of the 100th emoji.
    expect(isStorableText(person(`x${"😀".repeat(150)}`))).toBe(true);
  });

  it("accepts a single day range", () => {
    expect(
      parseActivityQuery({ from: "2026-03-01", to: "2026-03-01" }).filters,
    ).toEqual({ from: "2026-03-01", to: "2026-03-01" });
  });
});

describe("activitySearch", () => {
  it("keeps the filters in links, with the cursor", () => {
    expect(
      activitySearch({ outcome: "failure", person: "a b" }, { before: 9 }),
    ).toBe("?outcome=failure&person=a+b&before=9");
    expect(activitySearch({})).toBe("");
  });
});
