import { afterAll, describe, expect, test } from "vitest";

import { deleteScimToken } from "@/lib/tokens/delete-scim-token";

import {
  createTestWorkspace,
  setProvisioningEnabled,
  uniqueId,
} from "../support/fixtures";
import { workspaceRowCounts } from "../support/row-counts";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb, testDb } from "../support/test-db";

afterAll(closeTestDb);

const body = (email: string) => ({
  userName: email,
  emails: [{ value: email, primary: true }],
});

describe("who may call the SCIM API", () => {
  test("a token sees nothing of another workspace: 404 with the same body as an unknown id", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    const theirs = (
      await scimRequest("POST", "/Users", {
        token: b.token,
        ...jsonBody(body(`b-${uniqueId()}@example.com`)),
      })
    ).json?.id as string;
    const unknown = "6f1c1f0e-0000-4000-8000-000000000000";

    for (const [method, payload] of [
      ["GET"],
      ["PUT", body("x@example.com")],
      [
        "PATCH",
        {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "replace", path: "active", value: false }],
        },
      ],
      ["DELETE"],
    ] as const) {
      const options = { token: a.token, ...(payload ? jsonBody(payload) : {}) };
      const cross = await scimRequest(method, `/Users/${theirs}`, options);
      const missing = await scimRequest(method, `/Users/${unknown}`, options);
      const notUuid = await scimRequest(method, "/Users/not-a-uuid", options);
      expect([cross.status, missing.status, notUuid.status], method).toEqual([
        404, 404, 404,
      ]);
      expect(cross.json).toEqual(missing.json);
    }
    const listed = await scimRequest("GET", "/Users", { token: a.token });
    expect(listed.json?.totalResults).toBe(0);
    expect(
      (await scimRequest("GET", `/Users/${theirs}`, { token: b.token })).json,
    ).toMatchObject({ active: true });
  });

  test("a deleted token is refused with 401 on the next request", async () => {
    const a = await createTestWorkspace();
    expect(
      (await scimRequest("GET", "/Users", { token: a.token })).status,
    ).toBe(200);

    await deleteScimToken(testDb(), {
      workspaceId: a.id,
      tokenId: a.tokenId,
      actorUserId: null,
    });

    const refused = await scimRequest("GET", "/Users", { token: a.token });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  test("a lookup with a refused token reveals nobody, though it is read with the token", async () => {
    const a = await createTestWorkspace();
    const userName = `seen-${uniqueId()}@example.com`;
    expect(
      (
        await scimRequest("POST", "/Users", {
          token: a.token,
          ...jsonBody({ userName, emails: [{ value: userName }] }),
        })
      ).status,
    ).toBe(201);
    const lookup = `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;

    await setProvisioningEnabled(a, false);
    const disabled = await scimRequest("GET", lookup, { token: a.token });
    await setProvisioningEnabled(a, true);
    await deleteScimToken(testDb(), {
      workspaceId: a.id,
      tokenId: a.tokenId,
      actorUserId: null,
    });
    const deleted = await scimRequest("GET", lookup, { token: a.token });

    expect([disabled.status, deleted.status]).toEqual([403, 401]);
    for (const refused of [disabled, deleted]) {
      expect(refused.text).not.toContain(userName.split("@")[0]);
      expect(refused.json).not.toHaveProperty("Resources");
    }
  });

  test("a mistyped token is refused with 401 by its checksum", async () => {
    const a = await createTestWorkspace();
    const typo = a.token.slice(0, -1) + (a.token.endsWith("a") ? "b" : "a");

    const refused = await scimRequest("GET", "/Users", { token: typo });

    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({
      status: "401",
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    });
  });

  test("a session cookie is no credential for SCIM", async () => {
    const refused = await scimRequest("GET", "/Users", {
      headers: { Cookie: "next-auth.session-token=anything" },
    });

    expect(refused.status).toBe(401);
  });
});

describe("transport", () => {
  test("bodies over 1 MiB get 413, bad JSON 400 invalidSyntax, unknown endpoints 404", async () => {
    const a = await createTestWorkspace();
    const big = await scimRequest("POST", "/Users", {
      token: a.token,
      headers: { "Content-Type": "application/json" },
      body: `{"userName":"${"x".repeat(1_100_000)}"}`,
    });
    const bad = await scimRequest("POST", "/Users", {
      token: a.token,
      headers: { "Content-Type": "application/json" },
      body: "{not json",
    });
    const nowhere = await scimRequest("GET", "/Nothing", { token: a.token });

    expect(big.status).toBe(413);
    expect(bad.json).toMatchObject({
      status: "400",
      scimType: "invalidSyntax",
    });
    expect(nowhere.status).toBe(404);
    expect(nowhere.headers.get("content-type")).toMatch(
      /^application\/scim\+json/,
    );
  });

  test("a missing userName is 400; an over-long one is 400 invalidValue", async () => {
    const a = await createTestWorkspace();
    const missing = await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody({ emails: [{ value: "a@example.com" }] }),
    });
    const long = await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody(body(`${"x".repeat(3000)}@example.com`)),
    });

    expect(missing.status).toBe(400);
    expect(long.json).toMatchObject({
      status: "400",
      scimType: "invalidValue",
    });
  });

  test("a workspace not on the Enterprise plan gets 403", async () => {
    const a = await createTestWorkspace();
    const { workspaces } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    await testDb()
      .update(workspaces)
      .set({ plan: "team" })
      .where(eq(workspaces.id, a.id));

    const refused = await scimRequest("GET", "/Users", { token: a.token });

    expect(refused.status).toBe(403);
    expect(refused.json?.detail).toMatch(/Enterprise/);
  });
});

describe("rate limit", () => {
  const storedCount = async (workspaceId: string, tokenId: string) => {
    const { rateLimits } = await import("@/db/schema");
    const { and, eq } = await import("drizzle-orm");
    const [row] = await testDb()
      .select({ count: rateLimits.count })
      .from(rateLimits)
      .where(
        and(
          eq(rateLimits.workspaceId, workspaceId),
          eq(rateLimits.key, `scim:${tokenId}`),
        ),
      );

    return row?.count ?? 0;
  };

  test("a token over its limit gets 429 with Retry-After, and is served again in the next window", async () => {
    const a = await createTestWorkspace();
    const { rateLimits } = await import("@/db/schema");
    const { and, eq } = await import("drizzle-orm");
    const key = `scim:${a.tokenId}`;
    expect(
      (await scimRequest("GET", "/Users", { token: a.token })).status,
    ).toBe(200);
    // Counts reach the database within a moment (decision 0013).
    await expect.poll(() => storedCount(a.id, a.tokenId)).toBe(1);
    const row = and(eq(rateLimits.workspaceId, a.id), eq(rateLimits.key, key));
    // Spend the rest of this minute's allowance as a burst would.
    await testDb().update(rateLimits).set({ count: 1_000_000 }).where(row);

    // Both instances read the shared count: neither serves the token.
    for (let i = 0; i < 2; i++) {
      const limited = await scimRequest("GET", "/Users", { token: a.token });

      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(
        1,
      );
      expect(limited.json).toMatchObject({
        status: "429",
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      });
    }

    await testDb()
      .update(rateLimits)
      .set({ windowStart: new Date(Date.now() - 61_000) })
      .where(row);
    expect(
      (await scimRequest("GET", "/Users", { token: a.token })).status,
    ).toBe(200);
    // The new window starts from this request, not from the spent one.
    await expect
      .poll(() => storedCount(a.id, a.tokenId))
      .toBeLessThanOrEqual(3);
  });

  test("every request is counted once in the shared window, whichever instance answered", async () => {
    const a = await createTestWorkspace();

    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        scimRequest("GET", "/ServiceProviderConfig", { token: a.token }),
      ),
    );

    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(200));
    await expect.poll(() => storedCount(a.id, a.tokenId)).toBe(40);
  });
});

describe("pages", () => {
  test("carry security headers", async () => {
    const { baseUrl } = await import("../support/test-db");
    const response = await fetch(`${baseUrl()}/signin`);

    expect(response.headers.get("content-security-policy")).toMatch(
      /frame-ancestors 'none'/,
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe(
      "strict-origin-when-cross-origin",
    );
  });

  test("a form post whose body is no form gets 400, not 500", async () => {
    const { baseUrl } = await import("../support/test-db");
    const post = (path: string, contentType: string, body: string) =>
      fetch(`${baseUrl()}${path}`, {
        method: "POST",
        headers: { "Content-Type": contentType },
        body,
        redirect: "manual",
      });

    for (const path of ["/signin", "/w/nowhere/settings/provisioning"]) {
      const garbled = await post(
        path,
        "multipart/form-data; boundary=x",
        "not a multipart body",
      );
      expect(garbled.status).toBe(400);
      expect(await garbled.text()).toMatch(/not a valid form/);
    }
    // A well-formed form without an action is still Next.js's to answer.
    const plain = await post(
      "/signin",
      "application/x-www-form-urlencoded",
      "a=1",
    );
    expect(plain.status).toBeLessThan(500);
  });
});

describe("inputs found by breaking it", () => {
  test("a NUL character anywhere is 400 invalidValue, not a failed query", async () => {
    const a = await createTestWorkspace();
    for (const body of [
      { userName: "nul\u0000@example.com" },
      { userName: `n-${uniqueId()}@example.com`, title: "a\u0000b" },
    ]) {
      const refused = await scimRequest("POST", "/Users", {
        token: a.token,
        ...jsonBody(body),
      });
      expect(refused.json).toMatchObject({
        status: "400",
        scimType: "invalidValue",
      });
    }
    const group = await scimRequest("POST", "/Groups", {
      token: a.token,
      ...jsonBody({ displayName: "g\u0000" }),
    });
    expect(group.json).toMatchObject({
      status: "400",
      scimType: "invalidValue",
    });
  });

  test("half of a surrogate pair is 400 invalidValue, for users and groups alike", async () => {
    const a = await createTestWorkspace();
    const userName = `half-${uniqueId()}@example.com`;
    const user = await scimRequest("POST", "/Users", {
      token: a.token,
      headers: { "Content-Type": "application/scim+json" },
      // Written by hand: JSON.stringify would not send a lone "\ud800".
      body: `{"userName":"${userName}","title":"a\\ud800b"}`,
    });
    const group = await scimRequest("POST", "/Groups", {
      token: a.token,
      headers: { "Content-Type": "application/scim+json" },
      body: '{"displayName":"g\\udc00"}',
    });

    for (const refused of [user, group]) {
      expect(refused.json).toMatchObject({
        status: "400",
        scimType: "invalidValue",
      });
    }
  });

  test("a person's attributes are bounded at 32 KB, so a page of people stays small", async () => {
    const a = await createTestWorkspace();
    const userName = `wide-${uniqueId()}@example.com`;
    const addresses = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => ({
        type: "work",
        streetAddress: `${from + i} ${"y".repeat(1990)}`,
      }));

    const tooWide = await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody({ userName, addresses: addresses(20) }),
    });
    const fits = await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody({ userName, addresses: addresses(10) }),
    });
    const id = fits.json?.id as string;
    const grown = await scimRequest("PATCH", `/Users/${id}`, {
      token: a.token,
      ...jsonBody({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [
          { op: "add", path: "addresses", value: addresses(10, 10) },
        ],
      }),
    });

    expect(tooWide.json).toMatchObject({
      status: "400",
      scimType: "invalidValue",
      detail: expect.stringMatching(/at most 32 KB/),
    });
    expect(fits.status).toBe(201);
    expect(grown.json).toMatchObject({
      status: "400",
      scimType: "invalidValue",
    });
    expect(
      (await scimRequest("GET", `/Users/${id}`, { token: a.token })).json
        ?.addresses,
    ).toHaveLength(10);
  });

  test("a value too wide for its index is 400 invalidValue, and nothing is written", async () => {
    // Strings are bounded in characters (2048), a btree entry in bytes
    // (2704, after compression): 2000 varied CJK characters are 6000 bytes
    // of UTF-8 that do not compress, in every indexed attribute.
    const wide = (seed: number) => {
      let x = seed;

      return Array.from({ length: 2000 }, () => {
        // xorshift32: no run of characters repeats, so none compresses.
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;

        return String.fromCodePoint(0x4e00 + ((x >>> 0) % 20000));
      }).join("");
    };
    const a = await createTestWorkspace();
    const userName = `wide-index-${uniqueId()}@example.com`;
    const created = await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody({ userName }),
    });
    const userId = created.json?.id as string;
    const group = await scimRequest("POST", "/Groups", {
      token: a.token,
      ...jsonBody({ displayName: `wide-index-${uniqueId()}` }),
    });
    const groupId = group.json?.id as string;
    // Every request, refused or not, is recorded in the activity log, and
    // the token's request count is written in the background (its first
    // row may land at any moment).
    const rows = async () => {
      const counts = await workspaceRowCounts(a.id);
      delete counts.provisioning_events;
      delete counts.rate_limits;

      return counts;
    };
    const before = await rows();
    const replace = (path: string, value: string) =>
      jsonBody({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "replace", path, value }],
      });

    const refused = [
      [
        "POST userName",
        "POST",
        "/Users",
        jsonBody({ userName: `${wide(1)}@example.com` }),
      ],
      [
        "POST externalId",
        "POST",
        "/Users",
        jsonBody({ userName: `x-${userName}`, externalId: wide(2) }),
      ],
      [
        "POST displayName",
        "POST",
        "/Users",
        jsonBody({ userName: `y-${userName}`, displayName: wide(3) }),
      ],
      [
        "POST emails",
        "POST",
        "/Users",
        jsonBody({
          userName: `z-${uniqueId()}`,
          emails: [{ value: `${wide(4)}@example.com` }],
        }),
      ],
      [
        "PATCH displayName",
        "PATCH",
        `/Users/${userId}`,
        replace("displayName", wide(5)),
      ],
      [
        "PATCH externalId and active",
        "PATCH",
        `/Users/${userId}`,
        jsonBody({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [
            { op: "replace", path: "active", value: false },
            { op: "replace", path: "externalId", value: wide(6) },
          ],
        }),
      ],
      [
        "PUT userName",
        "PUT",
        `/Users/${userId}`,
        jsonBody({ userName: `${wide(7)}@example.com` }),
      ],
      ["POST group", "POST", "/Groups", jsonBody({ displayName: wide(8) })],
      [
        "PATCH group",
        "PATCH",
        `/Groups/${groupId}`,
        replace("displayName", wide(9)),
      ],
    ] as const;
    for (const [label, method, path, body] of refused) {
      const answer = await scimRequest(method, path, {
        token: a.token,
        ...body,
      });
      expect(answer.json, label).toMatchObject({
        status: "400",
        scimType: "invalidValue",
      });
    }

    expect(await rows()).toEqual(before);
    expect(
      (await scimRequest("GET", `/Users/${userId}`, { token: a.token })).json,
    ).toMatchObject({ userName, active: true });
  });

  test("a body after a byte order mark is read", async () => {
    const a = await createTestWorkspace();
    const userName = `bom-${uniqueId()}@example.com`;

    const created = await scimRequest("POST", "/Users", {
      token: a.token,
      headers: { "Content-Type": "application/scim+json" },
      body: `\uFEFF${JSON.stringify({ userName })}`,
    });

    expect(created.status).toBe(201);
  });

  test("list parameters are read in any letter case, so Filter= never lists everyone", async () => {
    const a = await createTestWorkspace();
    const names = [
      `one-${uniqueId()}@example.com`,
      `two-${uniqueId()}@example.com`,
    ];
    for (const userName of names) {
      await scimRequest("POST", "/Users", {
        token: a.token,
        ...jsonBody({ userName }),
      });
    }

    const found = await scimRequest(
      "GET",
      `/Users?Filter=${encodeURIComponent(`userName eq "${names[0]}"`)}&COUNT=5`,
      { token: a.token },
    );

    expect(found.json).toMatchObject({
      totalResults: 1,
      Resources: [{ userName: names[0] }],
    });
  });

  test("emails must be email addresses, without control or bidi characters", async () => {
    const a = await createTestWorkspace();
    for (const value of [
      "not an email",
      "a\nb@example.com",
      "\u202Eabc@example.com",
    ]) {
      const refused = await scimRequest("POST", "/Users", {
        token: a.token,
        ...jsonBody({
          userName: `e-${uniqueId()}@example.com`,
          emails: [{ value, primary: true }],
        }),
      });
      expect(refused.json, value).toMatchObject({
        status: "400",
        scimType: "invalidValue",
      });
    }
  });

  test("forged forwarded headers cannot change the scheme or host of Location", async () => {
    const a = await createTestWorkspace();
    const body = jsonBody({ userName: `fwd-${uniqueId()}@example.com` });
    const created = await scimRequest("POST", "/Users", {
      token: a.token,
      ...body,
      headers: {
        ...body.headers,
        "X-Forwarded-Proto": "javascript",
        "X-Forwarded-Host": "<evil>",
      },
    });

    expect(created.headers.get("location")).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/api\/scim\/v2\/Users\//,
    );
  });

  test("HEAD works where GET does, and a huge count is capped", async () => {
    const a = await createTestWorkspace();
    const head = await scimRequest("HEAD", "/Users", { token: a.token });
    const huge = await scimRequest("GET", "/Users?count=99999999999999999999", {
      token: a.token,
    });

    expect(head.status).toBe(200);
    expect(huge.status).toBe(200);
  });
});
