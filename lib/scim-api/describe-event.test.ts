import { describe, expect, it } from "vitest";

import { describeEvent } from "./describe-event";
import type { ScimHttpRequest, ScimHttpResponse } from "./types";

const ID = "0e2b6c1a-5d0f-4b1e-9c3a-7f2d8e9a1b2c";

const request = (
  method: string,
  segments: string[],
  body?: unknown,
): ScimHttpRequest => ({
  method,
  segments,
  query: new URLSearchParams(),
  headers: new Headers(),
  bodyText: body === undefined ? null : JSON.stringify(body),
  ip: null,
  baseUrl: "http://127.0.0.1/api/scim/v2",
  requestId: "r1",
});

const describeOf = (req: ScimHttpRequest, res: ScimHttpResponse) =>
  describeEvent(req, res, 12.4);

describe("describeEvent", () => {
  it("takes a create's subject from its body, also when it fails", () => {
    const event = describeOf(
      request("POST", ["Users"], { userName: "jane@example.com" }),
      {
        status: 409,
        body: { scimType: "uniqueness", detail: "jane@example.com exists" },
      },
    );

    expect(event).toMatchObject({
      operation: "create",
      outcome: "failure",
      subject: "jane@example.com",
      scimType: "uniqueness",
      detail: "[email] exists",
      durationMs: 12,
      requestBody: { kind: "json", value: { userName: "jane@example.com" } },
    });
  });

  it("names the value stored when a body sends an attribute in two cases", () => {
    // The stored document keeps the last of the two (coerceToSchema).
    const event = describeOf(
      request("POST", ["Users"], {
        userName: "first@example.com",
        USERNAME: "last@example.com",
      }),
      { status: 201, body: { id: ID, userName: "last@example.com" } },
    );

    expect(event.subject).toBe("last@example.com");
  });

  it("takes an update's subject from the resource answered", () => {
    const event = describeOf(
      request("PATCH", ["Users", ID], { Operations: [] }),
      {
        status: 200,
        operation: "deactivate",
        body: { id: ID, userName: "sam@example.com" },
      },
    );

    expect(event).toMatchObject({
      operation: "deactivate",
      subject: "sam@example.com",
      resourceId: ID,
    });
  });

  it("names a lookup's only match, a DELETE's former name, a group's displayName", () => {
    expect(
      describeOf(request("GET", ["Users"]), {
        status: 200,
        body: { Resources: [{ userName: "a@example.com" }] },
      }),
    ).toMatchObject({ operation: "lookup", subject: "a@example.com" });
    expect(
      describeOf(request("GET", ["Users"]), {
        status: 200,
        body: { Resources: [{ userName: "a" }, { userName: "b" }] },
      }).subject,
    ).toBeNull();
    expect(
      describeOf(request("DELETE", ["Users", ID]), {
        status: 204,
        subject: "gone@example.com",
      }),
    ).toMatchObject({ operation: "delete", subject: "gone@example.com" });
    expect(
      describeOf(request("POST", ["Groups"], { displayName: "Sales" }), {
        status: 201,
        body: { id: ID, displayName: "Sales" },
      }),
    ).toMatchObject({ operation: "group change", subject: "Sales" });
  });

  it("leaves the subject to the database when a failure names no one", () => {
    const event = describeOf(
      request("PATCH", ["Users", ID], { Operations: [] }),
      { status: 412, body: { detail: "ETag mismatch" } },
    );

    expect(event).toMatchObject({ subject: null, resourceId: ID });
  });
});
