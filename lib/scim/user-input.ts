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

  return document;
}
