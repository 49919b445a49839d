import { and, eq, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterAll, describe, expect, test } from "vitest";

import { listOutboxForViewer } from "@/db/queries/email-outbox";
import { emailOutbox } from "@/db/schema";
import {
  deliverDueEmails,
  MAX_ATTEMPTS,
  type MailSender,
} from "@/lib/email/deliver-due-emails";
import { readMailConfig } from "@/lib/email/mail-config";
import { logger } from "@/lib/logger";
import { addMember } from "@/lib/workspaces/add-member";
import { createUser } from "@/lib/workspaces/create-user";

import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { invitationState } from "../support/outbox";
import { jsonBody, scimRequest } from "../support/scim-client";
import { startSmtpSink } from "../support/smtp-sink";
import { closeTestDb, nextBaseUrl, testDb } from "../support/test-db";

afterAll(closeTestDb);

type Sent = Parameters<MailSender["sendMail"]>[0];

function recordingSender(fail?: (message: Sent) => Error | null) {
  const sent: Sent[] = [];
  const sender: MailSender = {
    async sendMail(message) {
      // Yield so concurrent passes really interleave.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const error = fail?.(message);
      if (error) throw error;
      sent.push(message);
    },
  };

  return { sender, sent };
}

async function provisionPeople(count: number) {
  const workspace = await createTestWorkspace();
  const emails = Array.from(
    { length: count },
    () => `mail-${uniqueId()}@example.com`,
  );
  for (const email of emails) {
    const created = await scimRequest("POST", "/Users", {
      token: workspace.token,
      ...jsonBody({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: email,
        emails: [{ value: email, primary: true }],
      }),
    });
    expect(created.status).toBe(201);
  }

  return { workspace, emails };
}

const deliver = (workspaceId: string, sender: MailSender) =>
  deliverDueEmails(testDb(), {
    sender,
    from: "Roster <no-reply@roster.test>",
    log: logger,
    workspaceId,
  });

describe("email outbox delivery", () => {
  test("concurrent passes send each email exactly once and scrub the link", async () => {
    const { workspace, emails } = await provisionPeople(5);
    const secrets = await Promise.all(
      emails.map(
        async (email) =>
          (await invitationState(workspace.id, email)).emails[0].payload.secret,
      ),
    );
    const { sender, sent } = recordingSender();

    const results = await Promise.all(
      [1, 2, 3].map(() => deliver(workspace.id, sender)),
    );

    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(5);
    expect(sent.map((m) => m.to).sort()).toEqual([...emails].sort());
    for (const [i, email] of emails.entries()) {
      const message = sent.find((m) => m.to === email)!;
      expect(message.subject).toBe(
        `You have been added to ${workspace.name} on Roster`,
      );
      expect(message.text).toContain(`/invite/${secrets[i]}`);
      expect(message.html).toContain(`/invite/${secrets[i]}`);

      const state = await invitationState(workspace.id, email);
      expect(state.emails[0]).toMatchObject({ attempts: 1, lastError: null });
      expect(state.emails[0].sentAt).not.toBeNull();
      expect(state.emails[0].payload.secret).toBeUndefined();
      expect(state.emails[0].payload.kind).toBe("set_password");
    }
    expect(await deliver(workspace.id, sender)).toEqual({ sent: 0, failed: 0 });
  });

  test("a failed send is retried after a backoff, with no address in the error", async () => {
    const { workspace, emails } = await provisionPeople(1);
    const [email] = emails;
    const failing = recordingSender(
      (m) => new Error(`550 5.1.1 <${m.to}>: Recipient address rejected`),
    );

    expect(await deliver(workspace.id, failing.sender)).toEqual({
      sent: 0,
      failed: 1,
    });
    let state = await invitationState(workspace.id, email);
    expect(state.emails[0]).toMatchObject({ attempts: 1, sentAt: null });
    expect(state.emails[0].lastError).toContain("550 5.1.1 <[address]>");
    expect(state.emails[0].lastError).not.toContain(email);
    expect(state.emails[0].payload.secret).toBeDefined();
    const delay = state.emails[0].nextAttemptAt!.getTime() - Date.now();
    expect(delay).toBeGreaterThan(20_000);
    expect(delay).toBeLessThanOrEqual(30_000);

    const working = recordingSender();
    expect(await deliver(workspace.id, working.sender)).toEqual({
      sent: 0,
      failed: 0,
    });

    await makeDueNow(workspace.id);
    expect(await deliver(workspace.id, working.sender)).toEqual({
      sent: 1,
      failed: 0,
    });
    state = await invitationState(workspace.id, email);
    expect(state.emails[0]).toMatchObject({ attempts: 2, lastError: null });
    expect(state.emails[0].payload.secret).toBeUndefined();
  });

  test("delivery stops after the last attempt", async () => {
    const { workspace, emails } = await provisionPeople(1);
    await testDb()
      .update(emailOutbox)
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where(eq(emailOutbox.workspaceId, workspace.id));
    const failing = recordingSender(() => new Error("connection refused"));

    expect((await deliver(workspace.id, failing.sender)).failed).toBe(1);
    const state = await invitationState(workspace.id, emails[0]);
    expect(state.emails[0]).toMatchObject({
      attempts: MAX_ATTEMPTS,
      sentAt: null,
      nextAttemptAt: null,
      lastError: "connection refused",
    });
    await makeDueNow(workspace.id);
    expect(await deliver(workspace.id, recordingSender().sender)).toEqual({
      sent: 0,
      failed: 0,
    });
  });

  test("ROSTER_SMTP_URL delivers over SMTP", async () => {
    const sink = await startSmtpSink();
    try {
      const { workspace, emails } = await provisionPeople(1);
      const config = readMailConfig({ ROSTER_SMTP_URL: sink.url });
      expect(config).not.toBeNull();
      const transport = nodemailer.createTransport(config!.smtpUrl);

      const result = await deliverDueEmails(testDb(), {
        sender: transport,
        from: config!.from,
        log: logger,
        workspaceId: workspace.id,
      });
      transport.close();

      expect(result).toEqual({ sent: 1, failed: 0 });
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0].to).toEqual([`<${emails[0]}>`]);
      expect(sink.messages[0].data).toContain("Subject: You have been added");
      expect(sink.messages[0].data).toMatch(/\/invite\/[A-Za-z0-9_-]{10}/);
    } finally {
      await sink.close();
    }
  });

  test("the development outbox asks a visitor to sign in first", async () => {
    const response = await fetch(`${nextBaseUrl()}/dev/outbox`, {
      redirect: "manual",
    });

    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(
      /\/signin\?callbackUrl=%2Fdev%2Foutbox$/,
    );
  });

  test("the development outbox shows admins their workspaces' emails and people their own", async () => {
    const { workspace: a, emails } = await provisionPeople(1);
    const { workspace: b } = await provisionPeople(1);
    const editorEmail = `editor-${uniqueId()}@example.com`;
    await createUser(testDb(), {
      email: editorEmail,
      name: "Ed",
      password: "editor-password-1",
    });
    await addMember(testDb(), {
      workspaceSlug: a.slug,
      email: editorEmail,
      role: "editor",
    });
    const recipient = await invitationState(a.id, emails[0]);

    const ownerView = await listOutboxForViewer(testDb(), a.owner.id);
    expect(ownerView.map((l) => l.recipientEmail)).toEqual(emails);
    expect(ownerView.every((l) => l.workspaceSlug === a.slug)).toBe(true);

    const editor = await invitationState(a.id, editorEmail);
    expect(await listOutboxForViewer(testDb(), editor.account.id)).toEqual([]);

    const own = await listOutboxForViewer(testDb(), recipient.account.id);
    expect(own.map((l) => l.recipientEmail)).toEqual(emails);

    const otherOwner = await listOutboxForViewer(testDb(), b.owner.id);
    expect(otherOwner.every((l) => l.workspaceSlug === b.slug)).toBe(true);
  });
});

async function makeDueNow(workspaceId: string) {
  await testDb()
    .update(emailOutbox)
    .set({ nextAttemptAt: sql`now() - interval '1 second'` })
    .where(
      and(
        eq(emailOutbox.workspaceId, workspaceId),
        sql`${emailOutbox.sentAt} is null`,
      ),
    );
}
