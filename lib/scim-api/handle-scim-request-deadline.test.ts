import { beforeEach, describe, expect, it, vi } from "vitest";

import type { Database } from "@/db/client";
import { insertProvisioningEvents } from "@/db/queries/provisioning-events";
import { findTokenWithRequestCount } from "@/db/queries/scim-principal";
import { settleProvisioningEvents } from "@/lib/activity/record-provisioning-event";
import { getScimUser } from "@/lib/provisioning/read-scim-users";
import { generateScimToken } from "@/lib/tokens/scim-token-format";

import { handleScimRequest } from "./handle-scim-request";
import type { ScimHttpRequest } from "./types";

// A database that never answers, stood in for by queries that never
// settle: the request is answered 503 at its deadline all the same.
const never = () => new Promise<never>(() => {});
const token = {
  id: "7b0d3e52-6d5e-4c8a-9f1e-2a3b4c5d6e7f",
  workspaceId: "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b",
  workspaceName: "Stub",
  expiresAt: new Date(Date.now() + 86_400_000),
  revokedAt: null,
  lastUsedAt: new Date(),
  plan: "enterprise",
  isProvisioningEnabled: true,
  storedRequestCount: 0,
  windowStart: new Date(),
};
vi.mock("@/db/queries/scim-principal", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  findTokenWithRequestCount: vi.fn(),
  addScimRequestCounts: vi.fn(async () => {}),
}));
vi.mock("@/db/queries/tokens", () => ({
  recordTokenUse: vi.fn(async () => {}),
}));
vi.mock("@/db/queries/provisioning-events", () => ({
  insertProvisioningEvents: vi.fn(async () => []),
  insertProvisioningEvent: vi.fn(),
  claimEventPruning: vi.fn(async () => undefined),
  deleteEventsOlderThan: vi.fn(async () => 0),
}));
vi.mock("@/lib/provisioning/read-scim-users", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getScimUser: vi.fn(),
}));

const findToken = vi.mocked(findTokenWithRequestCount);
const insert = vi.mocked(insertProvisioningEvents);
const db = {} as Database;

const request = (segments: string[]): ScimHttpRequest => ({
  method: "GET",
  segments,
  query: new URLSearchParams(),
  headers: new Headers({ authorization: `Bearer ${generateScimToken()}` }),
  bodyText: null,
  ip: "127.0.0.1",
  baseUrl: "http://127.0.0.1/api/scim/v2",
  requestId: "req-deadline",
});

beforeEach(() => {
  findToken.mockReset();
  insert.mockClear();
  delete process.env.ROSTER_EVENTS;
});

describe("a database that does not answer", () => {
  it("gets the request a 503 with Retry-After at its deadline", async () => {
    findToken.mockImplementation(never);
    const started = Date.now();

    const response = await handleScimRequest(
      db,
      request(["ServiceProviderConfig"]),
      { deadlineMs: 50 },
    );

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(response.status).toBe(503);
    expect(response.headers).toMatchObject({ "Retry-After": "5" });
    expect(response.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "503",
    });
  });

  it("records the 503 of a known token in the activity log", async () => {
    findToken.mockResolvedValue(token);
    vi.mocked(getScimUser).mockImplementation(never);
    const id = "5f0c4a4e-8a40-4bd4-9d1e-51b0f1b6c2d7";

    const response = await handleScimRequest(db, request(["Users", id]), {
      deadlineMs: 50,
    });
    await settleProvisioningEvents();

    expect(response.status).toBe(503);
    const events = insert.mock.calls.flatMap(([, batch]) => batch);
    expect(events).toMatchObject([
      { status: 503, outcome: "failure", resourceId: id },
    ]);
  });

  it("leaves an answer in time as it is", async () => {
    findToken.mockResolvedValue(token);

    const response = await handleScimRequest(
      db,
      request(["ServiceProviderConfig"]),
      { deadlineMs: 1_000 },
    );

    expect(response.status).toBe(200);
  });
});
