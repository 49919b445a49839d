import { describe, expect, test } from "vitest";

import { baseUrl } from "../support/test-db";

// Next.js reads every multipart post to a page as a possible server action
// and answers one over its 1 MB body limit with 500; proxy.ts answers 413.
describe("form posts to pages", () => {
  const post = (path: string, form: FormData) =>
    fetch(`${baseUrl()}${path}`, {
      method: "POST",
      body: form,
      redirect: "manual",
    });
  const formWith = (bytes: number) => {
    const form = new FormData();
    form.set("note", "x".repeat(bytes));

    return form;
  };

  test("a multipart form over 1 MB gets 413, not 500", async () => {
    for (const path of ["/signin", "/w/nowhere/settings/provisioning"]) {
      const large = await post(path, formWith(1_100_000));
      expect(large.status).toBe(413);
      expect(await large.text()).toMatch(/too large/);
    }
  });

  test("a multipart form under the limit is still Next.js's to answer", async () => {
    const small = await post("/signin", formWith(1_000));
    expect(small.status).toBeLessThan(500);
    expect(small.status).not.toBe(413);
  });
});

describe("page addresses", () => {
  test.each(["/w/%ZZ/settings", "/w/%ED%A0%80", "/invite/%E4%B8"])(
    "a malformed percent-encoding in %s gets 400, not 500",
    async (path) => {
      const response = await fetch(`${baseUrl()}${path}`, {
        redirect: "manual",
      });

      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/not a valid address/);
    },
  );
});

// next-auth answers these with 500, as if its configuration were wrong.
describe("sign-in endpoints", () => {
  test.each([
    "/api/auth/%ZZ",
    "/api/auth/signin?callbackUrl=%ZZ",
    "/api/auth/signin?callbackUrl=javascript:alert(1)",
  ])("%s gets 400, not 500", async (path) => {
    const response = await fetch(`${baseUrl()}${path}`, {
      redirect: "manual",
    });

    expect(response.status).toBe(400);
  });

  test("a sign-in post whose JSON body does not parse gets 400, not 500", async () => {
    const response = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{{",
      redirect: "manual",
    });

    expect(response.status).toBe(400);
  });

  test("a sign-in page link with a same-site callbackUrl still works", async () => {
    const response = await fetch(
      `${baseUrl()}/api/auth/signin?callbackUrl=%2Fw%2Facme`,
      { redirect: "manual" },
    );

    expect(response.status).toBeLessThan(400);
  });
});
