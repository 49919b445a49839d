import type { DbOrTx } from "../client";
import { provisioningEvents } from "../schema";

export type ProvisioningEvent = Omit<
  typeof provisioningEvents.$inferInsert,
  "id" | "createdAt"
>;

/** One row per SCIM request of a known token (DESIGN.md, data model). */
export async function insertProvisioningEvent(
  db: DbOrTx,
  event: ProvisioningEvent,
) {
  await db.insert(provisioningEvents).values(event);
}
