import type { Database } from "@/db/client";
import { hashPassword } from "@/lib/auth/passwords";
import { AppError, isUniqueViolation } from "@/lib/errors";

import { insertAccount } from "./insert-account";

export interface CreateUserInput {
  email: string;
  name: string;
  password: string | null;
}

/** Creates an account with its personal workspace, which it owns. */
export async function createUser(db: Database, input: CreateUserInput) {
  const passwordHash = input.password
    ? await hashPassword(input.password)
    : null;
  try {
    return await db.transaction((tx) =>
      insertAccount(tx, { email: input.email, name: input.name, passwordHash }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        "conflict",
        `An account with the email ${input.email} already exists.`,
      );
    }
    throw error;
  }
}
