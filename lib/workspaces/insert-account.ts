import { randomUUID } from "node:crypto";

import type { DbOrTx } from "@/db/client";
import { insertUserWithPersonalWorkspace } from "@/db/queries/users";

import { personalSlug } from "./slugs";

/**
 * Every account comes with a personal workspace it owns; call inside a
 * transaction. One statement, sent as soon as this is called: a caller that
 * chooses the id may send its own writes for the account in the same round
 * trip (db/pipeline.ts).
 */
export async function insertAccount(
  tx: DbOrTx,
  values: {
    id?: string;
    email: string;
    name: string;
    passwordHash: string | null;
  },
) {
  const id = values.id ?? randomUUID();
  const personalWorkspace = {
    id: randomUUID(),
    name: `${values.name || values.email}'s workspace`,
    slug: personalSlug(id),
    plan: "free" as const,
    personal: true,
  };
  await insertUserWithPersonalWorkspace(tx, {
    userId: id,
    email: values.email,
    name: values.name,
    passwordHash: values.passwordHash,
    workspaceId: personalWorkspace.id,
    workspaceName: personalWorkspace.name,
    workspaceSlug: personalWorkspace.slug,
  });

  return { id, email: values.email, name: values.name, personalWorkspace };
}
