import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";

import { ENTERPRISE_USER_SCHEMA as ENT } from "../lib/scim/attributes";
import { parseFilter } from "../lib/scim/filter/parse";
import { compileUserFilter } from "./scim-filter-sql";

// What the compiler refuses, before any query runs: 400 invalidFilter for
// unknown names and comparisons a type does not support (RFC 7644 §3.4.2.2).

const rejected: { filter: string; detail: RegExp }[] = [
  { filter: 'foo eq "x"', detail: /Unknown attribute "foo"/ },
  { filter: "name.foo pr", detail: /Unknown attribute "name.foo"/ },
  { filter: "members pr", detail: /Unknown attribute "members"/ },
  { filter: "urn:foo:bar:title pr", detail: /Unknown schema/ },
  { filter: 'password eq "x"', detail: /never returned/ },
  { filter: "userName eq bob", detail: /double quotes/ },
  { filter: 'userName eq "x")', detail: /Unbalanced/ },
  { filter: 'meta.created gt "yesterday"', detail: /expects a dateTime value/ },
  {
    filter: 'meta.created gt "2024-02-30"',
    detail: /expects a dateTime value/,
  },
  { filter: 'meta.created co "2024"', detail: /not supported on dateTime/ },
  { filter: 'meta.version eq "x"', detail: /"meta.version" is not supported/ },
  { filter: 'active eq "true"', detail: /expects a boolean value/ },
  { filter: "active gt true", detail: /not supported on boolean/ },
  { filter: "title gt 5", detail: /expects a string value/ },
  { filter: 'title eq "a\\u0000"', detail: /NUL character/ },
  { filter: "userName gt null", detail: /compares nothing/ },
  { filter: 'name eq "x"', detail: /"name" is complex/ },
  { filter: 'addresses eq "x"', detail: /"addresses" has no value/ },
  { filter: 'title[value eq "x"]', detail: /cannot take a value filter/ },
  { filter: 'emails[foo eq "x"]', detail: /no sub-attribute "foo"/ },
  { filter: "groups.$ref pr", detail: /"groups.\$ref" is not supported/ },
];

describe("compileUserFilter refuses", () => {
  it.each(rejected)("$filter", ({ filter, detail }) => {
    expect(() => compileUserFilter(parseFilter(filter))).toThrow(
      expect.objectContaining({
        status: 400,
        scimType: "invalidFilter",
        detail: expect.stringMatching(detail),
      }),
    );
  });

  it("binds every client value as a parameter", () => {
    const where = compileUserFilter(
      parseFilter(
        `title eq "x'; drop table users; --" or ${ENT}:department co "%"`,
      ),
    );
    const query = new PgDialect().sqlToQuery(where);

    expect(query.sql).not.toContain("drop table");
    expect(query.params).toContain("x'; drop table users; --");
  });
});
