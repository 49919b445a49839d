import type { Database } from "@/db/client";
import {
  claimDueEmails,
  markEmailFailed,
  markEmailSent,
  type OutboxLetter,
} from "@/db/queries/email-outbox";
import type { InvitationPayload } from "@/db/queries/invitations";
import type { Logger } from "@/lib/logger";

import { type RenderedEmail, renderInvitation } from "./render-invitation";

/** What delivery needs from nodemailer; tests pass their own. */
export interface MailSender {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
  }): Promise<unknown>;
}

export const MAX_ATTEMPTS = 8;
const BATCH_SIZE = 20;
// Longer than any SMTP exchange, so two instances never send one email twice.
const LEASE_MS = 5 * 60_000;
const FIRST_RETRY_MS = 30_000;
const LAST_RETRY_MS = 6 * 3_600_000;

/** 30 s, 1 min, 2 min, … up to 6 h after each failed attempt. */
export function retryDelayMs(attempts: number): number {
  return Math.min(
    FIRST_RETRY_MS * 2 ** Math.max(attempts - 1, 0),
    LAST_RETRY_MS,
  );
}

interface DeliveryOptions {
  sender: MailSender;
  from: string;
  log: Logger;
  /** One workspace's emails only (tests share one database). */
  workspaceId?: string;
}

/**
 * Sends every due email once: claims a batch, sends each, records the result,
 * until nothing is due. Safe to run in several processes at once.
 */
export async function deliverDueEmails(db: Database, options: DeliveryOptions) {
  const result = { sent: 0, failed: 0 };
  for (;;) {
    const letters = await claimDueEmails(db, {
      limit: BATCH_SIZE,
      leaseMs: LEASE_MS,
      maxAttempts: MAX_ATTEMPTS,
      workspaceId: options.workspaceId,
    });
    if (letters.length === 0) return result;

    for (const letter of letters) {
      const isSent = await deliverOne(db, letter, options);
      result[isSent ? "sent" : "failed"] += 1;
    }
  }
}

async function deliverOne(
  db: Database,
  letter: OutboxLetter,
  options: DeliveryOptions,
) {
  try {
    const email = renderLetter(letter);
    await options.sender.sendMail({
      from: options.from,
      to: letter.recipientEmail,
      subject: email.subject,
      text: email.text,
      html: email.html,
    });
    await markEmailSent(db, letter.id);
    options.log.info(
      { outboxId: letter.id, attempts: letter.attempts },
      "email sent",
    );

    return true;
  } catch (error) {
    const isFinal = letter.attempts >= MAX_ATTEMPTS;
    await markEmailFailed(db, letter.id, {
      error: describeFailure(error),
      nextAttemptAt: isFinal
        ? null
        : new Date(Date.now() + retryDelayMs(letter.attempts)),
    });
    options.log.warn(
      {
        outboxId: letter.id,
        attempts: letter.attempts,
        isFinal,
        error: describeFailure(error),
      },
      "email delivery failed",
    );

    return false;
  }
}

export function renderLetter(letter: OutboxLetter): RenderedEmail {
  if (letter.template !== "scim_invitation") {
    throw new Error(`Unknown email template ${letter.template}`);
  }

  return renderInvitation({
    payload: letter.payload as InvitationPayload,
    recipientName: letter.recipientName,
    workspaceName: letter.workspaceName ?? "Roster",
    workspaceSlug: letter.workspaceSlug ?? "",
  });
}

/**
 * What last_error may hold: SMTP replies quote addresses ("550 <x@y>:
 * unknown user"), so anything shaped like one is masked, and only the first
 * line is kept.
 */
export function describeFailure(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const message = (e?.message ?? String(error)).split("\n")[0].slice(0, 300);
  const masked = message.replace(/[^\s<>"'@]+@[^\s<>"']+/g, "[address]");

  return [e?.code, e?.responseCode, masked].filter(Boolean).join(" ");
}
