import { afterEach, expect, test } from "vitest";

import { clientIp, publicOrigin } from "./public-origin";

const headers = (values: Record<string, string>) => new Headers(values);

afterEach(() => {
  delete process.env.ROSTER_PUBLIC_URL;
});

test.each([
  [
    { host: "roster.example.com", "x-forwarded-proto": "https" },
    "https://roster.example.com",
  ],
  [
    {
      host: "internal:3000",
      "x-forwarded-host": "roster.example.com",
      "x-forwarded-proto": "https, http",
    },
    "https://roster.example.com",
  ],
  [{ host: "127.0.0.1:3000" }, "http://127.0.0.1:3000"],
  [
    {
      host: "roster.example.com",
      "x-forwarded-proto": "javascript",
      "x-forwarded-host": "<evil>",
    },
    "https://roster.example.com",
  ],
])("origin from %j is %s", (values, expected) => {
  expect(publicOrigin(headers(values))).toBe(expected);
});

test("ROSTER_PUBLIC_URL wins", () => {
  process.env.ROSTER_PUBLIC_URL = "https://scim.example.com/";

  expect(publicOrigin(headers({ host: "other" }))).toBe(
    "https://scim.example.com",
  );
});

test("client addresses must look like addresses", () => {
  expect(
    clientIp(headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" })),
  ).toBe("203.0.113.9");
  expect(clientIp(headers({ "x-forwarded-for": "<script>" }))).toBeNull();
});
