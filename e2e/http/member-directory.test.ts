import { afterAll, describe, expect, test } from "vitest";

import {
  countMembersBySource,
  listDeactivatedScimUsers,
  listMemberDirectory,
} from "@/db/queries/member-directory";
import { addMember } from "@/lib/workspaces/add-member";
import { createUser } from "@/lib/workspaces/create-user";

import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { jsonBody, scimRequest } from "../support/scim-client";
import { closeTestDb, testDb } from "../support/test-db";

afterAll(closeTestDb);

const userBody = (email: string, externalId: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: email,
  externalId,
  displayName: `Person ${externalId}`,
  emails: [{ value: email, primary: true }],
});

describe("member directory queries", () => {
  test("members carry their source and IdP identifiers; deactivated people are listed apart", async () => {
    const workspace = await createTestWorkspace({ role: "editor" });
    const other = await createTestWorkspace();
    const id = uniqueId();
    const manual = `manual-${id}@example.com`;
    const adopted = `adopted-${id}@example.com`;
    const provisioned = `scim-${id}@example.com`;
    const leaver = `leaver-${id}@example.com`;
    for (const email of [manual, adopted]) {
      await createUser(testDb(), { email, name: email, password: null });
      await addMember(testDb(), {
        workspaceSlug: workspace.slug,
        email,
        role: "developer",
      });
    }
    const scim = (method: string, path: string, body: unknown) =>
      scimRequest(method, path, { token: workspace.token, ...jsonBody(body) });
    await scim("POST", "/Users", userBody(adopted, `ext-adopted-${id}`));
    await scim("POST", "/Users", userBody(provisioned, `ext-scim-${id}`));
    const left = await scim(
      "POST",
      "/Users",
      userBody(leaver, `ext-left-${id}`),
    );
    await scim("PATCH", `/Users/${left.json?.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: false }],
    });
    // The same person deactivated in another workspace stays out of this one.
    await scimRequest("POST", "/Users", {
      token: other.token,
      ...jsonBody({ ...userBody(manual, "ext-other"), active: false }),
    });

    const all = await listMemberDirectory(testDb(), workspace.id);
    expect(all.map((m) => m.email).sort()).toEqual(
      [adopted, manual, provisioned, workspace.owner.email].sort(),
    );
    expect(all.find((m) => m.email === adopted)).toMatchObject({
      source: "scim",
      role: "developer",
      scimUserName: adopted,
      scimExternalId: `ext-adopted-${id}`,
      scimManagedSince: expect.any(Date),
    });
    expect(all.find((m) => m.email === provisioned)).toMatchObject({
      source: "scim",
      role: "editor",
      scimExternalId: `ext-scim-${id}`,
    });
    expect(all.find((m) => m.email === manual)).toMatchObject({
      source: "manual",
      scimManagedSince: null,
      scimUserName: null,
      scimExternalId: null,
    });

    const notManaged = await listMemberDirectory(
      testDb(),
      workspace.id,
      "manual",
    );
    expect(notManaged.map((m) => m.email).sort()).toEqual(
      [manual, workspace.owner.email].sort(),
    );
    const managed = await listMemberDirectory(testDb(), workspace.id, "scim");
    expect(managed.map((m) => m.email).sort()).toEqual(
      [adopted, provisioned].sort(),
    );
    expect(await countMembersBySource(testDb(), workspace.id)).toEqual({
      all: 4,
      scim: 2,
      manual: 2,
    });

    const deactivated = await listDeactivatedScimUsers(testDb(), workspace.id);
    expect(deactivated).toEqual([
      expect.objectContaining({
        name: `Person ext-left-${id}`,
        email: leaver,
        userName: leaver,
        externalId: `ext-left-${id}`,
        deactivatedAt: expect.any(Date),
      }),
    ]);
    expect(await listDeactivatedScimUsers(testDb(), other.id)).toEqual([
      expect.objectContaining({ email: manual, externalId: "ext-other" }),
    ]);
  });
});
