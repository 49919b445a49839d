import { eq, sql } from "drizzle-orm";

import type { DbOrTx } from "../client";
import { users } from "../schema";

export async function findUserByEmail(db: DbOrTx, email: string) {
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      passwordHash: users.passwordHash,
    })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);

  return user;
}

export async function findUserById(db: DbOrTx, id: string) {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, id));

  return user;
}

export async function insertUser(
  db: DbOrTx,
  values: { email: string; name: string; passwordHash: string | null },
) {
  const [user] = await db
    .insert(users)
    .values(values)
    .returning({ id: users.id, email: users.email, name: users.name });

  return user;
}

export async function setPasswordHash(
  db: DbOrTx,
  userId: string,
  passwordHash: string,
) {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function hasPassword(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ isSet: sql<boolean>`${users.passwordHash} is not null` })
    .from(users)
    .where(eq(users.id, userId));

  return row?.isSet ?? false;
}
