import { describe, expect, test } from "vitest";

import { isDevOutboxEnabled, readMailConfig } from "./mail-config";

describe("the development outbox", () => {
  test.each([
    [{ NODE_ENV: "development" }, true],
    [{ NODE_ENV: "test" }, true],
    [{ NODE_ENV: "production" }, false],
    [{ NODE_ENV: "production", ROSTER_DEV_OUTBOX: "0" }, false],
    [{ NODE_ENV: "production", ROSTER_DEV_OUTBOX: "1" }, true],
  ])("%j → %s", (env, expected) => {
    expect(isDevOutboxEnabled(env)).toBe(expected);
  });
});

describe("SMTP configuration", () => {
  test("without ROSTER_SMTP_URL there is no delivery", () => {
    expect(readMailConfig({})).toBeNull();
    expect(readMailConfig({ ROSTER_SMTP_URL: "  " })).toBeNull();
  });

  test("the sender defaults and can be set", () => {
    expect(readMailConfig({ ROSTER_SMTP_URL: "smtp://mail:25" })).toEqual({
      smtpUrl: "smtp://mail:25",
      from: "Roster <no-reply@localhost>",
    });
    expect(
      readMailConfig({
        ROSTER_SMTP_URL: "smtp://mail:25",
        ROSTER_EMAIL_FROM: "Team <team@roster.test>",
      })?.from,
    ).toBe("Team <team@roster.test>");
  });
});
