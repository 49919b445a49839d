import { expect, type APIRequestContext } from "@playwright/test";

/** SCIM calls from a Playwright test, as an IdP would make them. */
export function scimClient(request: APIRequestContext, token: string) {
  const call = async (method: string, path: string, data?: unknown) => {
    const response = await request.fetch(`/api/scim/v2${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/scim+json",
      },
      data: data === undefined ? undefined : JSON.stringify(data),
    });

    return { status: response.status(), json: await response.json() };
  };
  const setActive = async (id: string, active: boolean) => {
    const response = await call("PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "Replace", path: "active", value: active ? "True" : "False" },
      ],
    });
    expect(response.status).toBe(200);
  };

  return {
    async createUser(
      email: string,
      extra: { displayName?: string; externalId?: string } = {},
    ): Promise<string> {
      const created = await call("POST", "/Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: email,
        emails: [{ value: email, type: "work", primary: true }],
        active: true,
        ...extra,
      });
      expect(created.status).toBe(201);

      return created.json.id as string;
    },
    deactivate: (id: string) => setActive(id, false),
    reactivate: (id: string) => setActive(id, true),
  };
}
