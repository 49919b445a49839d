import { describe, expect, test } from "vitest";

import { describeFailure, retryDelayMs } from "./deliver-due-emails";
import { renderInvitation } from "./render-invitation";

const base = {
  recipientName: "Ana <b>",
  workspaceName: `R&D "<script>alert(1)</script>"`,
  workspaceSlug: "r-and-d",
};

describe("renderInvitation", () => {
  test("a set-password email links to the invite page and escapes names in HTML", () => {
    const email = renderInvitation({
      ...base,
      payload: {
        invitationId: "i",
        kind: "set_password",
        origin: "https://roster.example",
        secret: "s".repeat(43),
        expiresAt: "2026-12-11T10:00:00.000Z",
      },
    });

    expect(email.link).toBe(`https://roster.example/invite/${"s".repeat(43)}`);
    expect(email.text).toContain(email.link);
    expect(email.text).toContain("expires on 2026-12-11");
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email.html).toContain("Hello Ana &lt;b&gt;,");
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain(
      `<a href="${email.link}">Set your password</a>`,
    );
  });

  test("an existing account gets a link to the workspace, never a password link", () => {
    const email = renderInvitation({
      ...base,
      payload: {
        invitationId: "i",
        kind: "added",
        origin: "https://roster.example",
      },
    });

    expect(email.link).toBe("https://roster.example/w/r-and-d");
    expect(email.text).not.toContain("/invite/");
    expect(email.text).toContain("Sign in with your existing Roster account");
  });

  test("a sent email's scrubbed link is not rendered", () => {
    const email = renderInvitation({
      ...base,
      payload: { invitationId: "i", kind: "set_password", origin: "https://x" },
    });

    expect(email.link).toBeNull();
    expect(email.text).toContain("The link has been used or removed.");
  });

  test("line breaks in a workspace name never reach the subject", () => {
    const email = renderInvitation({
      ...base,
      workspaceName: "Acme\r\nBcc: victim@example.org",
      payload: { invitationId: "i", kind: "added", origin: "https://x" },
    });

    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe("delivery failures", () => {
  test("retries back off from 30 seconds to at most 6 hours", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([
      30_000, 60_000, 120_000, 240_000,
    ]);
    expect(retryDelayMs(20)).toBe(6 * 3_600_000);
  });

  test("recorded errors keep the SMTP code and mask addresses", () => {
    const error = Object.assign(
      new Error(
        "Can't send mail - all recipients were rejected: 550 <a.b@c.example> unknown\nmore",
      ),
      { code: "EENVELOPE", responseCode: 550 },
    );

    expect(describeFailure(error)).toBe(
      "EENVELOPE 550 Can't send mail - all recipients were rejected: 550 <[address]> unknown",
    );
  });
});
