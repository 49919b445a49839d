import { z } from "zod";

/** provisioning_settings.event_retention_days: 1..3650 (schema check). */
export const eventRetentionSchema = z.object({
  days: z.coerce
    .number({ error: "Enter the number of days as a whole number." })
    .int("Enter the number of days as a whole number.")
    .min(1, "Keep events for at least 1 day.")
    .max(3650, "Keep events for at most 3650 days (10 years)."),
});
export type EventRetentionInput = z.input<typeof eventRetentionSchema>;
