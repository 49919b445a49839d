import type { Database } from "@/db/client";
import { findWorkspaceBySlug } from "@/db/queries/workspaces";
import { updateProvisioningSettings } from "@/lib/provisioning/update-settings";
import { addMember } from "@/lib/workspaces/add-member";
import { createUser } from "@/lib/workspaces/create-user";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

// Development-only credentials for the embedded database; printed at start.
export const DEMO = {
  workspace: { name: "Acme Inc", slug: "acme", plan: "enterprise" as const },
  owner: {
    email: "owner@acme.example",
    name: "Olivia Owner",
    password: "roster-demo-owner",
  },
  member: {
    email: "member@acme.example",
    name: "Mateo Member",
    password: "roster-demo-member",
  },
};

/** Seeds the demo workspace once; later starts find it and change nothing. */
export async function seedDemo(db: Database): Promise<{ isNew: boolean }> {
  if (await findWorkspaceBySlug(db, DEMO.workspace.slug))
    return { isNew: false };

  await createUser(db, DEMO.owner);
  await createUser(db, DEMO.member);
  const workspace = await createWorkspace(db, {
    ...DEMO.workspace,
    ownerEmail: DEMO.owner.email,
  });
  await addMember(db, {
    workspaceSlug: DEMO.workspace.slug,
    email: DEMO.member.email,
    role: "editor",
  });
  await updateProvisioningSettings(db, {
    workspaceId: workspace.id,
    change: { enabled: false, role: "reviewer" },
    actorUserId: null,
  });

  return { isNew: true };
}
