import { beforeEach, describe, expect, it, vi } from "vitest";

import type { Database } from "@/db/client";
import {
  insertProvisioningEvent,
  insertProvisioningEvents,
} from "@/db/queries/provisioning-events";
import { findTokenWithRequestCount } from "@/db/queries/scim-principal";
import { settleProvisioningEvents } from "@/lib/activity/record-provisioning-event";
import { logger } from "@/lib/logger";
import { getScimUser } from "@/lib/provisioning/read-scim-users";
import { generateScimToken } from "@/lib/tokens/scim-token-format";

import { handleScimRequest } from "./handle-scim-request";
import type { ScimHttpRequest } from "./types";

// The database is replaced by stubs: these tests are about what the event
// write may and may not do to the answer, not about SQL.
const stubToken = (storedRequestCount: number, windowStart = new Date()) => ({
  id: "7b0d3e52-6d5e-4c8a-9f1e-2a3b4c5d6e7f",
  workspaceId: "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b",
  workspaceName: "Stub",
  expiresAt: new Date(Date.now() + 86_400_000),
  revokedAt: null,
  lastUsedAt: new Date(),
  plan: "enterprise",
  isProvisioningEnabled: true,
  storedRequestCount,
  windowStart,
});
vi.mock("@/db/queries/scim-principal", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  findTokenWithRequestCount: vi.fn(async () => stubToken(0)),
  addScimRequestCounts: vi.fn(async () => {}),
}));
vi.mock("@/db/queries/tokens", () => ({
  recordTokenUse: vi.fn(async () => {}),
}));
vi.mock("@/lib/provisioning/read-scim-users", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getScimUser: vi.fn(),
}));
vi.mock("@/db/queries/provisioning-events", () => ({
  insertProvisioningEvents: vi.fn(),
  insertProvisioningEvent: vi.fn(),
  claimEventPruning: vi.fn(async () => undefined),
  deleteEventsOlderThan: vi.fn(async () => 0),
}));

const insert = vi.mocked(insertProvisioningEvents);
const insertOne = vi.mocked(insertProvisioningEvent);
const findToken = vi.mocked(findTokenWithRequestCount);
const db = {} as Database;

const request = (segments = ["ServiceProviderConfig"]): ScimHttpRequest => ({
  method: "GET",
  segments,
  query: new URLSearchParams(),
  headers: new Headers({ authorization: `Bearer ${generateScimToken()}` }),
  bodyText: null,
  ip: "127.0.0.1",
  baseUrl: "http://127.0.0.1/api/scim/v2",
  requestId: "req-1",
});

beforeEach(() => {
  insert.mockReset();
  insertOne.mockReset();
  delete process.env.ROSTER_EVENTS;
  delete process.env.SCIM_RATE_LIMIT_PER_MINUTE;
});

describe("recording a provisioning event", () => {
  it("does not change the answer when the write fails", async () => {
    insert.mockResolvedValueOnce([]);
    const recorded = await handleScimRequest(db, request());
    await settleProvisioningEvents();

    // The batch fails, and so does the row written on its own after it.
    const tooLong = new Error("value too long for type");
    insert.mockRejectedValueOnce(tooLong);
    insertOne.mockRejectedValueOnce(tooLong);
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => {});
    const failed = await handleScimRequest(db, request());
    await settleProvisioningEvents();

    expect(failed).toEqual(recorded);
    expect(failed.status).toBe(200);
    expect(insert).toHaveBeenCalledTimes(2);
    expect(insertOne).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        requestId: "req-1",
        workspaceId: expect.any(String),
      }),
      "could not record provisioning event",
    );
    warn.mockRestore();
  });

  it("answers before the write has finished", async () => {
    let finish = () => {};
    insert.mockReturnValueOnce(
      new Promise((resolve) => {
        finish = () => resolve([]);
      }),
    );

    const response = await handleScimRequest(db, request());
    const settled = settleProvisioningEvents();

    expect(response.status).toBe(200);
    expect(insert).toHaveBeenCalledTimes(1);
    finish();
    await settled;
  });

  it("writes one batch at a time, in order", async () => {
    let finishFirst = () => {};
    insert
      .mockReturnValueOnce(
        new Promise((resolve) => {
          finishFirst = () => resolve([]);
        }),
      )
      .mockResolvedValueOnce([]);

    await handleScimRequest(db, request());
    const first = settleProvisioningEvents();
    await handleScimRequest(db, request());
    const second = settleProvisioningEvents();
    await new Promise((resolve) => setTimeout(resolve, 50));

    // A COPY takes a connection to itself: the second batch waits.
    expect(insert).toHaveBeenCalledTimes(1);
    finishFirst();
    await Promise.all([first, second]);
    expect(insert).toHaveBeenCalledTimes(2);
  });

  it("stops waiting for a write that does not end, when asked to", async () => {
    let finish = () => {};
    insert.mockReturnValueOnce(
      new Promise((resolve) => {
        finish = () => resolve([]);
      }),
    );
    await handleScimRequest(db, request());

    expect(await settleProvisioningEvents(50)).toBe(false);
    finish();
    expect(await settleProvisioningEvents(1_000)).toBe(true);
  });

  it("writes nothing with ROSTER_EVENTS=off", async () => {
    process.env.ROSTER_EVENTS = "off";

    const response = await handleScimRequest(db, request());

    expect(response.status).toBe(200);
    expect(insert).not.toHaveBeenCalled();
  });

  it("records the first 429 of a window only", async () => {
    process.env.SCIM_RATE_LIMIT_PER_MINUTE = "5";
    const windowStart = new Date();
    findToken
      .mockResolvedValueOnce(stubToken(6, windowStart))
      .mockResolvedValueOnce(stubToken(7, windowStart));

    const first = await handleScimRequest(db, request());
    const second = await handleScimRequest(db, request());
    await settleProvisioningEvents();

    expect([first.status, second.status]).toEqual([429, 429]);
    expect(insert).toHaveBeenCalledTimes(1);
    expect(insert.mock.calls[0][1]).toMatchObject([
      { status: 429, outcome: "failure" },
    ]);
  });
});

describe("a database outage", () => {
  it("answers each request 503 and logs one line a second, not one each", async () => {
    const down = Object.assign(new Error("connect ECONNREFUSED"), {
      code: "ECONNREFUSED",
    });
    findToken.mockRejectedValue(down);
    const error = vi.spyOn(logger, "error").mockImplementation(() => {});

    const answers = [];
    for (let i = 0; i < 20; i++)
      answers.push(await handleScimRequest(db, request()));

    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(503));
    expect(answers[0].headers).toMatchObject({ "Retry-After": "5" });
    const outageLines = error.mock.calls.filter(
      ([, message]) => message === "database unavailable",
    );
    expect(outageLines).toHaveLength(1);
    error.mockRestore();
    findToken.mockReset();
    findToken.mockImplementation(async () => stubToken(0));
  });
});

// A database that never answers, stood in for by queries that never
// settle: the request is answered 503 at its deadline all the same.
describe("a database that does not answer", () => {
  const never = () => new Promise<never>(() => {});

  it("gets the request a 503 with Retry-After at its deadline", async () => {
    findToken.mockImplementationOnce(never);
    const started = Date.now();

    const response = await handleScimRequest(db, request(), {
      deadlineMs: 50,
    });

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(response.status).toBe(503);
    expect(response.headers).toMatchObject({ "Retry-After": "5" });
    expect(response.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "503",
    });
  });

  it("records the 503 of a known token in the activity log", async () => {
    vi.mocked(getScimUser).mockImplementationOnce(never);
    insert.mockResolvedValueOnce([]);
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
    const response = await handleScimRequest(db, request(), {
      deadlineMs: 1_000,
    });

    expect(response.status).toBe(200);
  });
});
