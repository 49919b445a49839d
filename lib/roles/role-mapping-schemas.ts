import { z } from "zod";

import { PROVISIONING_ROLES } from "@/lib/workspaces/roles";

const groupIdSchema = z.uuid("That group no longer exists.");
// Owner is never granted by a mapping (issue 6; the database refuses it too).
const mappedRoleSchema = z.enum(PROVISIONING_ROLES, {
  error: "Choose Admin, Editor, Developer or Reviewer.",
});

export const roleMappingSchema = z.object({
  groupId: groupIdSchema,
  role: mappedRoleSchema,
});
export type RoleMappingInput = z.input<typeof roleMappingSchema>;

export const roleMappingGroupSchema = z.object({ groupId: groupIdSchema });
export type RoleMappingGroupInput = z.input<typeof roleMappingGroupSchema>;

export const memberRoleSchema = z.object({
  userId: z.uuid("This person is no longer a member of this workspace."),
  role: z.enum(["owner", ...PROVISIONING_ROLES], {
    error: "Choose Owner, Admin, Editor, Developer or Reviewer.",
  }),
});
export type MemberRoleInput = z.input<typeof memberRoleSchema>;
