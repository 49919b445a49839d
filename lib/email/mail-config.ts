export interface MailConfig {
  smtpUrl: string;
  from: string;
}

const DEFAULT_FROM = "Roster <no-reply@localhost>";

/**
 * SMTP delivery is on when ROSTER_SMTP_URL is set (smtp://user:pass@host:587,
 * or smtps:// for TLS from the start); otherwise emails wait in the outbox.
 */
export function readMailConfig(
  env: Record<string, string | undefined> = process.env,
): MailConfig | null {
  const smtpUrl = env.ROSTER_SMTP_URL?.trim();
  if (!smtpUrl) return null;

  return { smtpUrl, from: env.ROSTER_EMAIL_FROM?.trim() || DEFAULT_FROM };
}

/** /dev/outbox: on outside production, or when explicitly switched on. */
export function isDevOutboxEnabled(
  env: Record<string, string | undefined> = process.env,
): boolean {
  return env.NODE_ENV !== "production" || env.ROSTER_DEV_OUTBOX === "1";
}
