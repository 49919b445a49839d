import { z } from "zod";

import { isStorableText } from "@/lib/storable-text";
import { TOKEN_LIFETIMES_DAYS } from "@/lib/tokens/create-scim-token";
import { provisioningRoleSchema } from "@/lib/workspaces/roles";

export const createTokenSchema = z.object({
  label: z
    .string()
    .trim()
    .max(100, "The label can have at most 100 characters.")
    .refine(
      isStorableText,
      "The label has a character that cannot be saved (U+0000 or half of an emoji); remove it.",
    ),
  lifetimeDays: z.coerce
    .number()
    .refine(
      (d) => (TOKEN_LIFETIMES_DAYS as readonly number[]).includes(d),
      "Choose one of the offered expiry periods.",
    ),
});
export type CreateTokenInput = z.input<typeof createTokenSchema>;

export const REACTIVATION_POLICIES = [
  "restore_previous_role",
  "use_provisioning_role",
] as const;
export const reactivationPolicySchema = z.enum(REACTIVATION_POLICIES, {
  error: "Choose what role a reactivated person gets.",
});
export type ReactivationPolicy = z.infer<typeof reactivationPolicySchema>;

export const settingsSchema = z.object({
  enabled: z.boolean().optional(),
  role: provisioningRoleSchema.optional(),
  reactivationPolicy: reactivationPolicySchema.optional(),
});
export type SettingsInput = z.input<typeof settingsSchema>;

export const tokenIdSchema = z.uuid("That token does not exist.");
