import { isEmailAddress, MAX_EMAIL_LENGTH } from "@/lib/email-address";

import { USER_RESOURCE } from "./attributes";
import { badRequest } from "./errors";
import { coerceToSchema } from "./patch/normalize-value";

type Json = Record<string, unknown>;

/** Validates a POST or PUT body into a User document (no id, meta, schemas). */
export function parseUserBody(body: unknown): Json {
  const document = coerceToSchema(body, USER_RESOURCE);
  if (
    typeof document.userName !== "string" ||
    document.userName.trim() === ""
  ) {
    throw badRequest(
      "invalidValue",
      "userName is required and must be a non-empty string.",
    );
  }
  document.userName = document.userName.trim();
  assertUserDocument(document);

  return document;
}

/** Rules every stored User document keeps, after POST, PUT or PATCH. */
export function assertUserDocument(document: Json): void {
  const emails = Array.isArray(document.emails)
    ? (document.emails as Json[])
    : [];
  for (const email of emails) {
    // A longer address would make an account that can never sign in.
    if (
      typeof email?.value === "string" &&
      email.value.length > MAX_EMAIL_LENGTH
    ) {
      throw badRequest(
        "invalidValue",
        `emails[].value is longer than ${MAX_EMAIL_LENGTH} characters.`,
      );
    }
    if (typeof email?.value === "string" && !isEmailAddress(email.value)) {
      throw badRequest(
        "invalidValue",
        `emails[].value "${email.value.slice(0, 80)}" is not an email address.`,
      );
    }
  }
  if (
    typeof document.userName === "string" &&
    /\p{Cc}/u.test(document.userName)
  ) {
    throw badRequest(
      "invalidValue",
      "userName must not contain control characters.",
    );
  }
}
