import { Readable } from "node:stream";

import { describe, expect, it } from "vitest";

import {
  BodyNotUtf8Error,
  BodyTooLargeError,
  readBoundedBody,
  readBoundedNodeBody,
} from "./read-body";
import { isScimTarget } from "./scim-front";

/** A node request stand-in: the body in chunks, with its headers. */
function nodeRequest(chunks: string[], headers: Record<string, string> = {}) {
  return Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), {
    headers,
  });
}

describe("the two body readers agree", () => {
  it("read a body as UTF-8", async () => {
    const text = '{"userName":"zoë@example.com"}';
    expect(
      await readBoundedNodeBody(nodeRequest([text.slice(0, 5), text.slice(5)])),
    ).toBe(text);
    expect(
      await readBoundedBody(
        new Request("http://x/", { method: "POST", body: text }),
      ),
    ).toBe(text);
  });

  it("refuse bytes that are not UTF-8", async () => {
    const bytes = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    await expect(
      readBoundedNodeBody(
        Object.assign(Readable.from([bytes]), { headers: {} }),
      ),
    ).rejects.toBeInstanceOf(BodyNotUtf8Error);
    await expect(
      readBoundedBody(
        new Request("http://x/", { method: "POST", body: bytes }),
      ),
    ).rejects.toBeInstanceOf(BodyNotUtf8Error);
  });

  it("refuse a declared length over the limit before reading", async () => {
    await expect(
      readBoundedNodeBody(nodeRequest([], { "content-length": "11" }), 10),
    ).rejects.toBeInstanceOf(BodyTooLargeError);
    await expect(
      readBoundedBody(
        new Request("http://x/", {
          method: "POST",
          body: "x",
          headers: { "content-length": "11" },
        }),
        10,
      ),
    ).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("refuse a body that grows over the limit without a declared length", async () => {
    await expect(
      readBoundedNodeBody(nodeRequest(["123456", "789012"]), 10),
    ).rejects.toBeInstanceOf(BodyTooLargeError);
    await expect(
      readBoundedBody(
        new Request("http://x/", { method: "POST", body: "123456789012" }),
        10,
      ),
    ).rejects.toBeInstanceOf(BodyTooLargeError);
  });
});

describe("isScimTarget", () => {
  it.each([
    ["/api/scim/v2", true],
    ["/api/scim/v2/", true],
    ["/api/scim/v2/Users?filter=x", true],
    ["/api/scim/v2?x=1", true],
    ["/api/scim/v2//Users", true],
    ["/api/scim/v2x/Users", false],
    ["/api/scim/v1/Users", false],
    ["/API/scim/v2/Users", false],
    ["//api/scim/v2/Users", false],
    ["/signin", false],
  ])("%s → %s", (target, expected) => {
    expect(isScimTarget(target)).toBe(expected);
  });
});
