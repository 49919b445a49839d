import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";

import { getDb } from "@/db";
import { findUserByEmail } from "@/db/queries/users";
import { clientIp } from "@/lib/http/public-origin";
import { logger } from "@/lib/logger";
import { isEmailAddress, MAX_EMAIL_LENGTH } from "@/lib/email-address";

import { verifyPassword } from "./passwords";
import {
  clearSignInFailures,
  isSignInThrottled,
  recordSignInFailure,
  TOO_MANY_ATTEMPTS,
} from "./sign-in-throttle";

export const signInSchema = z.object({
  // Any address an account can have: an IdP may provision one that a
  // stricter check refuses (josé@example.com), and its owner must be able
  // to sign in with it.
  email: z
    .string()
    .trim()
    .max(MAX_EMAIL_LENGTH)
    .refine(isEmailAddress, "must be an email address"),
  password: z.string().min(1).max(200),
});
export type SignInInput = z.infer<typeof signInSchema>;

// A fixed hash to verify against when the email is unknown, so a wrong email
// costs the same time as a wrong password.
const DUMMY_HASH =
  "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

type Headers = Record<string, string | string[] | undefined> | undefined;

/** next-auth hands over Node's header object; read it like fetch Headers. */
const readerOf = (headers: Headers) => ({
  get: (name: string) => {
    const value = headers?.[name];

    return Array.isArray(value) ? value.join(",") : (value ?? null);
  },
});

async function authorize(
  credentials: Record<string, string> | undefined,
  request: { headers?: Headers },
) {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const db = getDb();
  const { email, password } = parsed.data;
  const ip = clientIp(readerOf(request.headers));

  // Thrown, not returned: next-auth passes the message to the form.
  if (await isSignInThrottled(db, email, ip)) {
    logger.warn({ event: "sign_in_throttled" }, "sign-in throttled");
    throw new Error(TOO_MANY_ATTEMPTS);
  }
  const user = await findUserByEmail(db, email);
  const isValid = await verifyPassword(
    password,
    user?.passwordHash ?? DUMMY_HASH,
  );
  if (!user || !user.passwordHash || !isValid) {
    await recordSignInFailure(db, email, ip);
    logger.warn({ event: "sign_in_refused" }, "sign-in refused");

    return null;
  }
  await clearSignInFailures(db, email);

  return { id: user.id, email: user.email, name: user.name };
}

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 60 * 60 * 12 },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      authorize,
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;

      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub)
        (session.user as { id?: string }).id = token.sub;

      return session;
    },
  },
};
