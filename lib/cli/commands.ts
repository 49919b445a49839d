import { z } from "zod";

import type { Database } from "@/db/client";
import { findWorkspaceBySlug } from "@/db/queries/workspaces";
import { MAX_EMAIL_LENGTH } from "@/lib/email-address";
import { AppError } from "@/lib/errors";
import { updateProvisioningSettings } from "@/lib/provisioning/update-settings";
import {
  createScimToken,
  TOKEN_LIFETIMES_DAYS,
} from "@/lib/tokens/create-scim-token";
import { addMember } from "@/lib/workspaces/add-member";
import { createUser } from "@/lib/workspaces/create-user";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { SLUG_PATTERN } from "@/lib/workspaces/slugs";

// A longer address could never sign in, and a few thousand characters
// overflow the index on users.email, which PostgreSQL refuses.
const email = z
  .email("must be an email address")
  .max(
    MAX_EMAIL_LENGTH,
    `must be an email address of at most ${MAX_EMAIL_LENGTH} characters`,
  );
const slug = z
  .string()
  .regex(
    SLUG_PATTERN,
    "must be lower-case letters, digits and dashes (at most 48)",
  );
const assignableRole = z.enum(["admin", "editor", "developer", "reviewer"]);

export const workspaceCreateSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "is required")
    .max(100, "must have at most 100 characters"),
  slug,
  plan: z.enum(["free", "team", "enterprise"]),
  owner: email.optional(),
});
export const userCreateSchema = z.object({
  email,
  name: z
    .string()
    .trim()
    .min(1, "is required")
    .max(100, "must have at most 100 characters"),
  password: z
    .string()
    .min(8, "must have at least 8 characters")
    .max(200, "must have at most 200 characters"),
});
export const memberAddSchema = z.object({
  workspace: slug,
  email,
  role: assignableRole,
});
export const tokenCreateSchema = z.object({
  workspace: slug,
  label: z
    .string()
    .trim()
    .max(100, "must have at most 100 characters")
    .default("SCIM token"),
  "expires-in-days": z.coerce
    .number()
    .refine(
      (d) => (TOKEN_LIFETIMES_DAYS as readonly number[]).includes(d),
      "must be 30, 90, 365 or 730",
    )
    .optional(),
});
export const provisioningEnableSchema = z.object({
  workspace: slug,
  role: assignableRole.optional(),
});
export const provisioningDisableSchema = z.object({ workspace: slug });

async function requireWorkspace(db: Database, slugValue: string) {
  const workspace = await findWorkspaceBySlug(db, slugValue);
  if (!workspace)
    throw new AppError("not_found", `No workspace has the slug ${slugValue}.`);

  return workspace;
}

type Output = Record<string, unknown>;

interface Command<S extends z.ZodType> {
  schema: S;
  run: (
    db: Database,
    args: z.infer<S>,
  ) => Promise<{ json: Output; text: string }>;
}

const command = <S extends z.ZodType>(c: Command<S>) => c;

export const COMMANDS = {
  "workspace create": command({
    schema: workspaceCreateSchema,
    run: async (db, args) => {
      const w = await createWorkspace(db, {
        name: args.name,
        slug: args.slug,
        plan: args.plan,
        ownerEmail: args.owner,
      });

      return {
        json: { id: w.id, slug: w.slug, name: w.name, plan: w.plan },
        text: `Created workspace ${w.slug} (${w.plan}).`,
      };
    },
  }),
  "user create": command({
    schema: userCreateSchema,
    run: async (db, args) => {
      const u = await createUser(db, args);

      return {
        json: {
          id: u.id,
          email: u.email,
          name: u.name,
          personalWorkspace: u.personalWorkspace.slug,
        },
        text: `Created ${u.email} with personal workspace ${u.personalWorkspace.slug}.`,
      };
    },
  }),
  "member add": command({
    schema: memberAddSchema,
    run: async (db, args) => {
      await addMember(db, {
        workspaceSlug: args.workspace,
        email: args.email,
        role: args.role,
      });

      return {
        json: { workspace: args.workspace, email: args.email, role: args.role },
        text: `Added ${args.email} to ${args.workspace} as ${args.role}.`,
      };
    },
  }),
  "token create": command({
    schema: tokenCreateSchema,
    run: async (db, args) => {
      const workspace = await requireWorkspace(db, args.workspace);
      const t = await createScimToken(db, {
        workspaceId: workspace.id,
        // A blank label gets the name the settings form gives it.
        label: args.label || "SCIM token",
        lifetimeDays: args["expires-in-days"],
        actorUserId: null,
      });

      return {
        json: {
          id: t.id,
          token: t.token,
          expiresAt: t.expiresAt.toISOString(),
        },
        text: `SCIM token (shown once, store it now):\n${t.token}\nExpires ${t.expiresAt.toISOString()}.`,
      };
    },
  }),
  "provisioning enable": command({
    schema: provisioningEnableSchema,
    run: async (db, args) => {
      const workspace = await requireWorkspace(db, args.workspace);
      if (workspace.plan !== "enterprise") {
        throw new AppError(
          "forbidden",
          "SCIM provisioning needs the Enterprise plan.",
        );
      }
      await updateProvisioningSettings(db, {
        workspaceId: workspace.id,
        change: { enabled: true, ...(args.role ? { role: args.role } : {}) },
        actorUserId: null,
      });

      return {
        json: {
          workspace: args.workspace,
          enabled: true,
          ...(args.role ? { role: args.role } : {}),
        },
        text: `Provisioning enabled for ${args.workspace}.`,
      };
    },
  }),
  "provisioning disable": command({
    schema: provisioningDisableSchema,
    run: async (db, args) => {
      const workspace = await requireWorkspace(db, args.workspace);
      await updateProvisioningSettings(db, {
        workspaceId: workspace.id,
        change: { enabled: false },
        actorUserId: null,
      });

      return {
        json: { workspace: args.workspace, enabled: false },
        text: `Provisioning disabled for ${args.workspace}.`,
      };
    },
  }),
};

export type CommandName = keyof typeof COMMANDS;
