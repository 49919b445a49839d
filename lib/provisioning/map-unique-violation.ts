import { constraintName, isUniqueViolation } from "@/lib/errors";
import { conflict } from "@/lib/scim/errors";

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

/** DESIGN.md: SQLSTATE 23505 is a 409 uniqueness answer, never a 500. */
export async function mapUniqueViolation<T>(
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const name = constraintName(error) ?? "";
    throw conflict(
      DETAILS[name] ?? "The resource conflicts with an existing one.",
    );
  }
}
