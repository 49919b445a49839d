import { randomUUID } from "node:crypto";

import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";

import { handleScimRequest } from "@/lib/scim-api/handle-scim-request";
import type { ScimHttpRequest } from "@/lib/scim-api/types";

import { createTestWorkspace, type TestWorkspace } from "../support/fixtures";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb, testDb } from "../support/test-db";

// Issue 4: random and hostile bodies, filters, paths and headers never get a
// 5xx, never throw, and never pollute Object.prototype. The SCIM engine is a
// plain function, so the fuzz drives it in-process against the real database.
const RUNS = Number(process.env.ROSTER_FUZZ_RUNS ?? 10_000);
const CHUNK = 2_000;

afterAll(closeTestDb);

const hostileKey = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "__proto__.polluted",
  "constructor.prototype.polluted",
);
const attributeName = fc.constantFrom(
  "userName",
  "USERNAME",
  "active",
  "emails",
  "emails.value",
  'emails[type eq "work"].value',
  "name.givenName",
  "displayName",
  "externalId",
  "members",
  'members[value eq "x"]',
  "groups",
  "id",
  "meta.created",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
  "nosuch",
  "",
);
const filterText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc
    .tuple(
      attributeName,
      fc.constantFrom(
        "eq",
        "ne",
        "co",
        "sw",
        "ew",
        "gt",
        "lt",
        "ge",
        "le",
        "pr",
        "EQ",
        "xx",
      ),
      fc.oneof(fc.json(), fc.string()),
    )
    .map(([a, op, v]) => `${a} ${op} ${v}`),
  fc
    .array(
      fc.constantFrom(
        "(",
        ")",
        "[",
        "]",
        "and",
        "or",
        "not",
        '"',
        "\\",
        "userName",
        "eq",
        '"a"',
        " ",
      ),
      { maxLength: 20 },
    )
    .map((p) => p.join(" ")),
);
const value = fc.oneof(
  fc.json().map((j) => JSON.parse(j) as unknown),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom("True", "False", "__proto__"),
);
const hostileObject = fc.dictionary(
  fc.oneof(hostileKey, attributeName, fc.string({ maxLength: 10 })),
  value,
  { maxKeys: 6 },
);
const patchBody = fc.record({
  schemas: fc.oneof(
    fc.constant(["urn:ietf:params:scim:api:messages:2.0:PatchOp"]),
    fc.anything(),
  ),
  Operations: fc.array(
    fc.record(
      {
        op: fc.constantFrom(
          "add",
          "Replace",
          "remove",
          "REMOVE",
          "copy",
          "",
          "__proto__",
        ),
        path: fc.oneof(attributeName, hostileKey, fc.string({ maxLength: 30 })),
        value: fc.oneof(value, hostileObject),
      },
      { requiredKeys: ["op"] },
    ),
    { maxLength: 5 },
  ),
});
const bodyText = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 200 }),
  fc.json(),
  hostileObject.map((o) =>
    JSON.stringify(o).replaceAll('"constructor"', '"__proto__"'),
  ),
  patchBody.map((b) => JSON.stringify(b)),
  fc
    .record({
      userName: fc.oneof(fc.emailAddress(), value),
      emails: fc.oneof(value, fc.array(hostileObject, { maxLength: 3 })),
      active: value,
    })
    .map((b) => JSON.stringify(b)),
);

function requestArbitrary(workspace: TestWorkspace, knownIds: string[]) {
  const id = fc.oneof(
    fc.constantFrom(...knownIds),
    fc.uuid(),
    fc.string({ maxLength: 40 }),
    hostileKey,
    fc.constantFrom("..", ".search", "%00", ""),
  );
  const segments = fc
    .tuple(
      fc.constantFrom(
        "Users",
        "users",
        "Groups",
        "GROUPS",
        "Schemas",
        "ResourceTypes",
        "ServiceProviderConfig",
        "Bulk",
        "Me",
        "__proto__",
      ),
      fc.option(id),
      fc.option(fc.string({ maxLength: 10 })),
    )
    .map(([resource, one, two]) =>
      [
        resource,
        ...(one !== null ? [one] : []),
        ...(two !== null && one !== null ? [two] : []),
      ].filter((s) => s !== ""),
    );
  const query = fc.record(
    {
      filter: filterText,
      startIndex: fc.oneof(
        fc.integer().map(String),
        fc.string({ maxLength: 8 }),
      ),
      count: fc.oneof(
        fc.integer().map(String),
        fc.constantFrom("1e9", "-1", "abc"),
      ),
      attributes: fc.oneof(attributeName, fc.string()),
      excludedAttributes: attributeName,
      sortBy: fc.oneof(attributeName, hostileKey),
      sortOrder: fc.string({ maxLength: 12 }),
    },
    { requiredKeys: [] },
  );
  const authorization = fc.oneof(
    { weight: 8, arbitrary: fc.constant(`Bearer ${workspace.token}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        `bearer  ${workspace.token} `,
        `Basic ${workspace.token}`,
        `Bearer ${workspace.token} ${workspace.token}`,
        "Bearer roster_scim_x",
      ),
    },
  );

  return fc.record({
    method: fc.constantFrom(
      "GET",
      "POST",
      "PUT",
      "PATCH",
      "DELETE",
      "HEAD",
      "OPTIONS",
    ),
    segments,
    query,
    authorization,
    contentType: fc.constantFrom(
      "application/scim+json",
      "application/json; charset=utf-8",
      "text/plain",
      "",
    ),
    ifMatch: fc.option(
      fc.oneof(fc.constant("*"), fc.string({ maxLength: 12 })),
    ),
    bodyText,
  });
}

describe("SCIM fuzz", () => {
  test(`${RUNS} random and hostile requests: no 5xx, no exception, no pollution`, async () => {
    const serverErrors: string[] = [];
    for (let done = 0; done < RUNS; done += CHUNK) {
      const workspace = await createTestWorkspace();
      const user = await scimRequest("POST", "/Users", {
        token: workspace.token,
        ...jsonBody({ userName: `fuzz-${randomUUID()}@example.com` }),
      });
      const knownIds = [user.json?.id as string];

      await fc.assert(
        fc.asyncProperty(
          requestArbitrary(workspace, knownIds),
          async (input) => {
            const headers = new Headers({
              authorization: input.authorization.replace(/[^\x20-\x7e]/g, ""),
            });
            if (input.contentType)
              headers.set("content-type", input.contentType);
            if (input.ifMatch !== null)
              headers.set(
                "if-match",
                input.ifMatch.replace(/[^\x20-\x7e]/g, ""),
              );
            const request: ScimHttpRequest = {
              method: input.method,
              segments: input.segments,
              query: new URLSearchParams(
                Object.entries(input.query).map(([k, v]) => [k, String(v)]),
              ),
              headers,
              bodyText: input.bodyText,
              ip: "127.0.0.1",
              baseUrl: "http://fuzz/api/scim/v2",
              requestId: randomUUID(),
            };

            const response = await handleScimRequest(testDb(), request);

            if (response.status >= 500)
              serverErrors.push(
                `${response.status} ${JSON.stringify(input).slice(0, 300)}`,
              );
            expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain(
              "polluted",
            );
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          },
        ),
        { numRuns: Math.min(CHUNK, RUNS - done) },
      );
    }

    expect(serverErrors).toEqual([]);
  }, 1_200_000);
});
