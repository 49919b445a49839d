import { constraintName, isUniqueViolation, sqlStateOf } from "@/lib/errors";
import { badRequest, conflict } from "@/lib/scim/errors";

const DETAILS: Record<string, string> = {
  scim_users_user_name_key:
    "A user with this userName already exists in this workspace.",
  scim_users_external_id_key:
    "A user with this externalId already exists in this workspace.",
  scim_users_user_key:
    "This person is already provisioned in this workspace under another userName.",
  users_email_lower_key:
    "Another request is creating an account with this email at the same time; retry.",
};

// What each index of a SCIM write holds.
const INDEXED_VALUES: Record<string, string> = {
  scim_users_user_name_key: 'Attribute "userName"',
  scim_users_external_id_key: 'Attribute "externalId"',
  scim_users_display_name_idx: 'Attribute "displayName"',
  users_email_lower_key:
    "The email address (emails, or a userName that is an email address)",
  scim_groups_display_name_idx: 'Attribute "displayName"',
};

/** SQLSTATE 54000: program_limit_exceeded, here an index entry over 2704 bytes. */
const PROGRAM_LIMIT_EXCEEDED = "54000";

/**
 * DESIGN.md: SQLSTATE 23505 is a 409 uniqueness answer, never a 500. A
 * value within the 2048-character bound can still be too wide for its btree
 * index (2704 bytes an entry: 2000 CJK characters are 6000 bytes of UTF-8),
 * which PostgreSQL refuses with 54000: the client's 400, not a 500.
 */
export async function mapUniqueViolation<T>(
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (sqlStateOf(error) === PROGRAM_LIMIT_EXCEEDED) {
      const value = INDEXED_VALUES[constraintName(error) ?? ""] ?? "A value";
      throw badRequest(
        "invalidValue",
        `${value} is too long to be stored: PostgreSQL indexes at most about 2700 bytes of its UTF-8 text.`,
      );
    }
    if (!isUniqueViolation(error)) throw error;
    const name = constraintName(error) ?? "";
    throw conflict(
      DETAILS[name] ?? "The resource conflicts with an existing one.",
    );
  }
}
