import { expect, test } from "vitest";

import { parseListParams } from "./list-params";

const params = (query: string) => {
  const search = new URLSearchParams(query);

  return parseListParams((name) => search.get(name));
};

test.each([
  ["", 1, 100],
  ["startIndex=0&count=0", 1, 0],
  ["startIndex=-5&count=-3", 1, 0],
  ["startIndex=3&count=2", 3, 2],
  ["count=100000", 1, 200],
])("paging of %j", (query, startIndex, count) => {
  expect(params(query)).toMatchObject({ startIndex, count });
});

test("non-integer paging is a 400 invalidValue", () => {
  expect(() => params("count=abc")).toThrow(
    expect.objectContaining({ status: 400, scimType: "invalidValue" }),
  );
});

test("attribute lists are split and trimmed", () => {
  expect(
    params("attributes=userName, emails&excludedAttributes="),
  ).toMatchObject({
    attributes: ["userName", "emails"],
    excludedAttributes: undefined,
  });
});

test("more than 100 attribute paths are a 400 invalidValue", () => {
  const names = (n: number) =>
    Array.from({ length: n }, (_, i) => `a${i}`).join(",");

  expect(params(`attributes=${names(100)}`).attributes).toHaveLength(100);
  for (const name of ["attributes", "excludedAttributes"]) {
    expect(() => params(`${name}=${names(101)}`)).toThrow(
      expect.objectContaining({ status: 400, scimType: "invalidValue" }),
    );
  }
});
