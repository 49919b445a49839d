import { findMembership } from "@/db/queries/members";
import { findScimUser } from "@/db/queries/scim-users";
import { USER_SCHEMA } from "@/lib/scim/attributes";
import { isScimError } from "@/lib/scim/errors";
import { PATCH_OP_SCHEMA } from "@/lib/scim/patch/parse-body";
import { parseListParams } from "@/lib/scim/list-params";
import { ROLE_LABELS } from "@/lib/workspaces/roles";

import { createScimUser } from "./create-scim-user";
import { deleteScimUser } from "./delete-scim-user";
import { getScimUser, listScimUsersPage } from "./read-scim-users";
import type { ScimContext } from "./scim-context";
import { patchScimUser } from "./update-scim-user";

/** The SCIM services a check drives: the very functions the routes call. */
export const SCIM_USER_SERVICES = {
  createScimUser,
  listScimUsersPage,
  getScimUser,
  patchScimUser,
  deleteScimUser,
};
export type ScimUserServices = typeof SCIM_USER_SERVICES;

/** What the steps share: the synthetic person and what they learn of it. */
export interface CheckSubject {
  userName: string;
  scimId?: string;
  accountId?: string;
}

export interface StepOutcome {
  status: number;
  detail: string;
}

export interface CheckStep {
  name: "create" | "find" | "update" | "deactivate" | "reactivate" | "delete";
  label: string;
  run: (
    ctx: ScimContext,
    subject: CheckSubject,
    services: ScimUserServices,
  ) => Promise<StepOutcome>;
}

/** A step the API answered with success, but whose effect is not what an IdP expects. */
export class CheckStepMismatch extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const patchBody = (op: string, path: string, value: unknown) => ({
  schemas: [PATCH_OP_SCHEMA],
  Operations: [{ op, path, value }],
});

async function membershipRole(ctx: ScimContext, subject: CheckSubject) {
  if (!subject.accountId) return null;
  const membership = await findMembership(
    ctx.db,
    ctx.workspaceId,
    subject.accountId,
  );

  return membership ? ROLE_LABELS[membership.role] : null;
}

/** Create → find → update → deactivate → reactivate → delete, as an IdP would. */
export const CHECK_STEPS: CheckStep[] = [
  {
    name: "create",
    label: "Create a user",
    async run(ctx, subject, services) {
      const resource = await services.createScimUser(ctx, {
        schemas: [USER_SCHEMA],
        userName: subject.userName,
        name: { givenName: "Connection", familyName: "Check" },
        displayName: "Connection Check",
        emails: [{ value: subject.userName, type: "work", primary: true }],
        active: true,
      });
      subject.scimId = String(resource.id);
      const row = await findScimUser(ctx.db, ctx.workspaceId, subject.scimId);
      subject.accountId = row?.userId;
      const role = await membershipRole(ctx, subject);
      if (!role) throw new CheckStepMismatch(201, "No membership was created.");

      return {
        status: 201,
        detail: `Created a test person; they joined as ${role} and their invitation was queued (it is never sent).`,
      };
    },
  },
  {
    name: "find",
    label: "Find the user by userName",
    async run(ctx, subject, services) {
      const filter = `userName eq "${subject.userName.toUpperCase()}"`;
      const page = await services.listScimUsersPage(
        ctx,
        parseListParams((name) => (name === "filter" ? filter : undefined)),
      );
      const found = page.Resources.map((r) => r.id);
      if (page.totalResults !== 1 || found[0] !== subject.scimId) {
        throw new CheckStepMismatch(
          200,
          `The filter returned ${page.totalResults} results instead of the test person.`,
        );
      }

      return {
        status: 200,
        detail:
          "Found them with a userName eq filter, compared without regard to letter case.",
      };
    },
  },
  {
    name: "update",
    label: "Update the display name",
    async run(ctx, subject, services) {
      const { resource } = await services.patchScimUser(
        ctx,
        subject.scimId ?? "",
        patchBody("replace", "displayName", "Connection Check (updated)"),
      );
      if (resource.displayName !== "Connection Check (updated)") {
        throw new CheckStepMismatch(200, "The display name did not change.");
      }

      return { status: 200, detail: "Changed their display name with PATCH." };
    },
  },
  {
    name: "deactivate",
    label: "Deactivate the user",
    async run(ctx, subject, services) {
      const { resource } = await services.patchScimUser(
        ctx,
        subject.scimId ?? "",
        patchBody("replace", "active", false),
      );
      if (resource.active !== false || (await membershipRole(ctx, subject))) {
        throw new CheckStepMismatch(
          200,
          "active is still true, or they are still a member.",
        );
      }

      return {
        status: 200,
        detail:
          "Set active to false: their membership was removed and the SCIM record kept, as IdPs expect.",
      };
    },
  },
  {
    name: "reactivate",
    label: "Reactivate the user",
    async run(ctx, subject, services) {
      const { resource } = await services.patchScimUser(
        ctx,
        subject.scimId ?? "",
        patchBody("replace", "active", true),
      );
      const role = await membershipRole(ctx, subject);
      if (resource.active !== true || !role) {
        throw new CheckStepMismatch(
          200,
          "active is not true, or their membership was not restored.",
        );
      }

      return {
        status: 200,
        detail: `Set active to true: they are a member again, as ${role}.`,
      };
    },
  },
  {
    name: "delete",
    label: "Delete the user",
    async run(ctx, subject, services) {
      await services.deleteScimUser(ctx, subject.scimId ?? "");
      const isGone = await services
        .getScimUser(ctx, subject.scimId ?? "")
        .then(() => false)
        .catch((error: unknown) => {
          if (isScimError(error) && error.status === 404) return true;
          throw error;
        });
      if (!isGone || (await membershipRole(ctx, subject))) {
        throw new CheckStepMismatch(
          204,
          "The SCIM record or membership remains.",
        );
      }

      return {
        status: 204,
        detail:
          "Deleted them: the SCIM record and the membership are gone, the account stays.",
      };
    },
  },
];
