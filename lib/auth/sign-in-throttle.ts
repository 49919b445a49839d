import { createHash } from "node:crypto";

import type { Database } from "@/db/client";
import {
  clearFailures,
  countRecentFailures,
  recordFailure,
} from "@/db/queries/sign-in-throttle";

const WINDOW_SECONDS = 15 * 60;
// Enough for a person who mistypes; far too few for guessing.
const MAX_FAILURES_PER_EMAIL = 10;
const MAX_FAILURES_PER_ADDRESS = 50;

export { TOO_MANY_ATTEMPTS } from "./sign-in-throttle-code";

function keysFor(email: string, ip: string | null) {
  // The email is hashed so the table holds no addresses of people.
  const emailKey = `email:${createHash("sha256").update(email.toLowerCase()).digest("hex")}`;

  return { emailKey, ipKey: ip ? `ip:${ip}` : null };
}

export async function isSignInThrottled(
  db: Database,
  email: string,
  ip: string | null,
) {
  const { emailKey, ipKey } = keysFor(email, ip);
  const failures = await countRecentFailures(
    db,
    ipKey ? [emailKey, ipKey] : [emailKey],
    WINDOW_SECONDS,
  );

  return (
    (failures.get(emailKey) ?? 0) >= MAX_FAILURES_PER_EMAIL ||
    (ipKey !== null && (failures.get(ipKey) ?? 0) >= MAX_FAILURES_PER_ADDRESS)
  );
}

export async function recordSignInFailure(
  db: Database,
  email: string,
  ip: string | null,
) {
  const { emailKey, ipKey } = keysFor(email, ip);
  await recordFailure(db, emailKey, WINDOW_SECONDS);
  if (ipKey) await recordFailure(db, ipKey, WINDOW_SECONDS);
}

export async function clearSignInFailures(db: Database, email: string) {
  await clearFailures(db, keysFor(email, null).emailKey);
}
