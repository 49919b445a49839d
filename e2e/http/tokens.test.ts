import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, test } from "vitest";

import { scimTokens } from "@/db/schema";
import { createScimToken } from "@/lib/tokens/create-scim-token";
import { deleteScimToken } from "@/lib/tokens/delete-scim-token";

import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb, testDb } from "../support/test-db";

afterAll(closeTestDb);

describe("token lifecycle", () => {
  test("an expired token is refused with 401 saying it expired", async () => {
    const a = await createTestWorkspace();
    await testDb()
      .update(scimTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(
        and(eq(scimTokens.workspaceId, a.id), eq(scimTokens.id, a.tokenId)),
      );

    const refused = await scimRequest("GET", "/Users", { token: a.token });

    expect(refused.status).toBe(401);
    expect(refused.json?.detail).toMatch(/expired/);
  });

  test("a third live token is refused with a clear message", async () => {
    const a = await createTestWorkspace();
    await createScimToken(testDb(), {
      workspaceId: a.id,
      label: "second",
      actorUserId: null,
    });

    await expect(
      createScimToken(testDb(), {
        workspaceId: a.id,
        label: "third",
        actorUserId: null,
      }),
    ).rejects.toMatchObject({
      code: "limit_reached",
      message: expect.stringMatching(/at most 2 SCIM tokens/),
    });
  });

  test("rotation: two tokens work side by side, the old one is deleted, no request of the new one fails", async () => {
    const a = await createTestWorkspace();
    const okta = { "User-Agent": "Okta SCIM Client 1.0.0" };
    const old = await scimRequest("GET", "/Users", {
      token: a.token,
      headers: okta,
    });
    const second = await createScimToken(testDb(), {
      workspaceId: a.id,
      label: "new",
      actorUserId: null,
    });

    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const body = jsonBody({ userName: `rot-${i}-${uniqueId()}@example.com` });
      statuses.push(
        (
          await scimRequest("POST", "/Users", {
            token: second.token,
            ...body,
            headers: { ...body.headers, ...okta },
          })
        ).status,
      );
      if (i === 4)
        await deleteScimToken(testDb(), {
          workspaceId: a.id,
          tokenId: a.tokenId,
          actorUserId: null,
        });
    }

    expect(old.status).toBe(200);
    expect(statuses).toEqual(Array(10).fill(201));
    expect(
      (await scimRequest("GET", "/Users", { token: a.token })).status,
    ).toBe(401);
    const [row] = await testDb()
      .select({
        lastUsedAt: scimTokens.lastUsedAt,
        idp: scimTokens.lastUsedIdp,
      })
      .from(scimTokens)
      .where(
        and(eq(scimTokens.workspaceId, a.id), eq(scimTokens.id, second.id)),
      );
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.idp).toBe("Okta");
  });

  test("the plaintext token is stored nowhere: no row of any table contains it", async () => {
    const a = await createTestWorkspace();
    await scimRequest("POST", "/Users", {
      token: a.token,
      ...jsonBody({ userName: `plain-${uniqueId()}@example.com` }),
    });
    await scimRequest(
      "GET",
      `/Users?filter=${encodeURIComponent(`userName eq "${a.token}"`)}`,
      { token: a.token },
    );

    const tables = await testDb().execute<{ name: string }>(
      sql`select tablename as name from pg_tables where schemaname = 'public'`,
    );
    for (const { name } of tables as unknown as { name: string }[]) {
      const hits = await testDb().execute(
        sql`select 1 from ${sql.identifier(name)} t where t::text like ${`%${a.token.slice("roster_scim_".length)}%`} limit 1`,
      );
      expect((hits as unknown[]).length, `table ${name}`).toBe(0);
    }
  });
});
