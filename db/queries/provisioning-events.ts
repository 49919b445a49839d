import type { Database } from "../client";
import { InsertBatcher } from "../insert-batcher";
import { provisioningEvents } from "../schema";

export type ProvisioningEvent = Omit<
  typeof provisioningEvents.$inferInsert,
  "id" | "createdAt"
>;

type EventRow = typeof provisioningEvents.$inferInsert;

const eventBatchers = new WeakMap<Database, InsertBatcher<EventRow>>();

/**
 * One row per SCIM request of a known token (DESIGN.md, data model). Written
 * in batches with the other requests of the same few milliseconds
 * (db/insert-batcher.ts); resolves once written. `createdAt` is when the
 * request was answered, not when its batch was written.
 */
export async function insertProvisioningEvent(
  db: Database,
  event: ProvisioningEvent,
) {
  let batcher = eventBatchers.get(db);
  if (!batcher) {
    batcher = new InsertBatcher((rows) =>
      db.insert(provisioningEvents).values(rows),
    );
    eventBatchers.set(db, batcher);
  }
  await batcher.add({ ...event, createdAt: new Date() });
}
