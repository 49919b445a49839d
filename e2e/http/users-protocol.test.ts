import { afterAll, beforeAll, describe, expect, test } from "vitest";

import {
  createTestWorkspace,
  type TestWorkspace,
  uniqueId,
} from "../support/fixtures";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb } from "../support/test-db";

afterAll(closeTestDb);

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
let workspace: TestWorkspace;
const people: { id: string; userName: string }[] = [];

beforeAll(async () => {
  workspace = await createTestWorkspace();
  const suffix = uniqueId();
  for (const [given, department] of [
    ["Cora", "Sales"],
    ["adam", "R&D"],
    ["Bela", "R&D"],
  ]) {
    const userName = `${given.toLowerCase()}-${suffix}@example.com`;
    const created = await scimRequest("POST", "/Users", {
      token: workspace.token,
      ...jsonBody({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        userName,
        displayName: `${given} Person`,
        emails: [{ value: userName, type: "work", primary: true }],
        [ENTERPRISE]: { department },
      }),
    });
    people.push({ id: created.json?.id as string, userName });
  }
});

const names = (json: Record<string, unknown> | null) =>
  (json?.Resources as { userName: string }[]).map(
    (r) => r.userName.split("-")[0],
  );

describe("reading users", () => {
  test("sortBy and sortOrder order the list, case-insensitively", async () => {
    const ascending = await scimRequest("GET", "/Users?sortBy=userName", {
      token: workspace.token,
    });
    const descending = await scimRequest(
      "GET",
      "/Users?sortBy=displayName&sortOrder=descending",
      { token: workspace.token },
    );
    const unknown = await scimRequest("GET", "/Users?sortBy=title", {
      token: workspace.token,
    });

    expect(names(ascending.json)).toEqual(["adam", "bela", "cora"]);
    expect(names(descending.json)).toEqual(["cora", "bela", "adam"]);
    expect(unknown.json).toMatchObject({
      status: "400",
      scimType: "invalidValue",
    });
  });

  test("POST /Users/.search filters like GET", async () => {
    const found = await scimRequest("POST", "/Users/.search", {
      token: workspace.token,
      ...jsonBody({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        filter: `${ENTERPRISE}:department eq "R&D"`,
        sortBy: "userName",
        attributes: ["userName"],
        startIndex: 1,
        count: 10,
      }),
    });

    expect(found.status).toBe(200);
    expect(found.json).toMatchObject({ totalResults: 2, itemsPerPage: 2 });
    expect(names(found.json)).toEqual(["adam", "bela"]);
    expect(Object.keys((found.json?.Resources as object[])[0]).sort()).toEqual([
      "id",
      "schemas",
      "userName",
    ]);
  });

  test("attributes and excludedAttributes shape a single user", async () => {
    const [person] = people;
    const only = await scimRequest(
      "GET",
      `/Users/${person.id}?attributes=emails.value`,
      { token: workspace.token },
    );
    const without = await scimRequest(
      "GET",
      `/Users/${person.id}?excludedAttributes=emails,meta`,
      { token: workspace.token },
    );

    expect(only.json).toEqual({
      schemas: expect.any(Array),
      id: person.id,
      emails: [{ value: person.userName }],
    });
    expect(without.json).not.toHaveProperty("emails");
    expect(without.json).not.toHaveProperty("meta");
    expect(without.json).toHaveProperty("userName", person.userName);
  });

  test("an invalid filter is 400 invalidFilter, never the whole list", async () => {
    for (const filter of [
      "userName eq bob",
      'nosuch eq "x"',
      'userName eq "a" and',
      '(userName eq "a"',
    ]) {
      const refused = await scimRequest(
        "GET",
        `/Users?filter=${encodeURIComponent(filter)}`,
        { token: workspace.token },
      );
      expect(refused.json, filter).toMatchObject({
        status: "400",
        scimType: "invalidFilter",
      });
    }
  });
});

describe("duplicates", () => {
  test("the same userName again, in any letter case, is 409 uniqueness naming the userName", async () => {
    const [cora] = people;
    const again = await scimRequest("POST", "/Users", {
      token: workspace.token,
      ...jsonBody({ userName: cora.userName.toUpperCase() }),
    });

    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({
      scimType: "uniqueness",
      detail: "A user with this userName already exists in this workspace.",
    });
  });
});

describe("versions", () => {
  test("ETag follows meta.version and If-Match guards writes with 412", async () => {
    const [, person] = people;
    const read = await scimRequest("GET", `/Users/${person.id}`, {
      token: workspace.token,
    });
    const etag = read.headers.get("etag") as string;
    expect(etag).toBe((read.json?.meta as { version: string }).version);
    expect(etag).toMatch(/^W\/"\d+"$/);
    const patch = (value: string) =>
      jsonBody({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "replace", path: "title", value }],
      });

    const first = await scimRequest("PATCH", `/Users/${person.id}`, {
      token: workspace.token,
      ...patch("Lead"),
      headers: { ...patch("Lead").headers, "If-Match": etag },
    });
    const stale = await scimRequest("PATCH", `/Users/${person.id}`, {
      token: workspace.token,
      ...patch("Chief"),
      headers: { ...patch("Chief").headers, "If-Match": etag },
    });

    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).not.toBe(etag);
    expect(stale.status).toBe(412);
    expect(
      (
        await scimRequest("GET", `/Users/${person.id}`, {
          token: workspace.token,
        })
      ).json,
    ).toMatchObject({ title: "Lead" });
  });

  test("a PATCH that changes nothing keeps the version", async () => {
    const [, , person] = people;
    const before = await scimRequest("GET", `/Users/${person.id}`, {
      token: workspace.token,
    });
    const same = await scimRequest("PATCH", `/Users/${person.id}`, {
      token: workspace.token,
      ...jsonBody({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "replace", path: "active", value: true }],
      }),
    });

    expect(same.headers.get("etag")).toBe(before.headers.get("etag"));
  });
});

describe("discovery tells the truth", () => {
  test("ServiceProviderConfig, ResourceTypes and Schemas describe what works", async () => {
    const config = (
      await scimRequest("GET", "/ServiceProviderConfig", {
        token: workspace.token,
      })
    ).json;
    const types = (
      await scimRequest("GET", "/ResourceTypes", { token: workspace.token })
    ).json;
    const userSchema = (
      await scimRequest(
        "GET",
        "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
        { token: workspace.token },
      )
    ).json;

    expect(config).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      filter: { supported: true, maxResults: 200 },
    });
    expect((types?.Resources as { id: string }[]).map((t) => t.id)).toContain(
      "User",
    );
    const userName = (userSchema?.attributes as Record<string, unknown>[]).find(
      (a) => a.name === "userName",
    );
    expect(userName).toMatchObject({
      type: "string",
      required: true,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "server",
    });
  });
});
