import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  commonAttributes,
  ENTERPRISE_USER_SCHEMA,
  USER_RESOURCE,
  type AttributeDefinition,
} from "../lib/scim/attributes";
import { ScimError } from "../lib/scim/errors";
import { parseFilter } from "../lib/scim/filter/parse";
import { compileUserFilter } from "./scim-filter-sql";
import {
  OPEN_TIMEOUT_MS,
  openTestDatabase,
  seedWorkspace,
  selectUserNames,
  type TestDatabase,
} from "./scim-filter-test-db";

// Random filters over every real User attribute either compile to SQL that
// PostgreSQL runs without error, on well-formed and odd documents alike, or
// are refused with 400 invalidFilter: never a 500 from the database.

const namesOf = (attributes: AttributeDefinition[], prefix = "") =>
  attributes.flatMap((a) => [
    `${prefix}${a.name}`,
    ...(a.subAttributes ?? []).map((s) => `${prefix}${a.name}.${s.name}`),
  ]);
const paths = [
  ...namesOf([...commonAttributes, ...USER_RESOURCE.core.attributes]),
  ...namesOf(
    USER_RESOURCE.extensions[0].attributes,
    `${ENTERPRISE_USER_SCHEMA}:`,
  ),
];
const multiValued = USER_RESOURCE.core.attributes.filter((a) => a.multiValued);

const randomCase = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) =>
      [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""),
    );
const value = fc.oneof(
  fc.string({ unit: "binary", maxLength: 10 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('"2024-02-30"', '"%_\\\\"', '"work"', '"a\\u0000"'),
  fc
    .tuple(
      fc.date({
        min: new Date("0001-01-01T00:00:00Z"),
        max: new Date("9999-12-31T23:59:59Z"),
        noInvalidDate: true,
      }),
      fc.constantFrom("Z", "+15:59", "-16:00", "", ".123456789Z"),
    )
    .map(([date, zone]) => `"${date.toISOString().slice(0, 19)}${zone}"`),
  fc.constantFrom("true", "false", "null", "1", "-2.5e3"),
  fc.constantFrom('"b0000000-0000-4000-8000-000000000001"'),
);
const op = fc.constantFrom(
  "eq",
  "ne",
  "co",
  "sw",
  "ew",
  "gt",
  "ge",
  "lt",
  "le",
);
const comparison = (path: fc.Arbitrary<string>) =>
  fc.oneof(
    fc.tuple(path, op, value).map((parts) => parts.join(" ")),
    path.map((p) => `${p} pr`),
  );
const valuePath = fc.constantFrom(...multiValued).chain((attribute) => {
  const subs = (attribute.subAttributes ?? []).map((s) => s.name);
  return comparison(fc.constantFrom(...subs).chain(randomCase)).map(
    (inner) => `${attribute.name}[${inner}]`,
  );
});
const filter = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 4, depthIdentifier: "sql" },
    comparison(fc.constantFrom(...paths).chain(randomCase)),
    valuePath,
    fc.tuple(tie("node"), tie("node")).map(([a, b]) => `(${a} and ${b})`),
    fc.tuple(tie("node"), tie("node")).map(([a, b]) => `(${a} or ${b})`),
    tie("node").map((inner) => `not (${inner})`),
  ),
})).node;

describe("compileUserFilter on random filters", () => {
  let database: TestDatabase;
  let workspaceId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    workspaceId = await seedWorkspace(database, {
      users: [
        {
          userName: "full",
          externalId: "e1",
          displayName: "Full",
          resource: {
            name: { givenName: "Ann" },
            title: "Boss",
            emails: [{ type: "work", value: "a@example.com", primary: true }],
            [ENTERPRISE_USER_SCHEMA]: { manager: { value: "m" } },
          },
        },
        {
          userName: "odd",
          resource: {
            name: "Ann",
            emails: { value: "x" },
            phoneNumbers: [null, 5, "x", { primary: "yes" }],
            [ENTERPRISE_USER_SCHEMA]: [1, 2],
          },
        },
      ],
    });
  }, OPEN_TIMEOUT_MS);
  afterAll(() => database.client.close());

  it("runs in PostgreSQL or is refused with 400 invalidFilter", async () => {
    await fc.assert(
      fc.asyncProperty(filter, async (text) => {
        let where;
        try {
          where = compileUserFilter(parseFilter(text));
        } catch (error) {
          if (!(error instanceof ScimError)) throw error;
          expect(error).toMatchObject({
            status: 400,
            scimType: "invalidFilter",
          });
          return;
        }

        await selectUserNames(database, workspaceId, where);
      }),
      { numRuns: 1000 },
    );
  }, 120_000);
});
