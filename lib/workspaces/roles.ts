import { z } from "zod";

export const ROLE_LABELS = {
  owner: "Owner",
  admin: "Admin",
  editor: "Editor",
  developer: "Developer",
  reviewer: "Reviewer",
} as const;

/** DESIGN.md: provisioned members get any role but Owner. */
export const PROVISIONING_ROLES = [
  "admin",
  "editor",
  "developer",
  "reviewer",
] as const;
export const provisioningRoleSchema = z.enum(PROVISIONING_ROLES);
export type ProvisioningRole = z.infer<typeof provisioningRoleSchema>;
