import { countScimUsers, findScimUser, listGroupsOfScimUsers, listScimUsers } from "@/db/queries/scim-users";
import { compileUserFilter } from "@/db/scim-filter-sql";
import { notFound } from "@/lib/scim/errors";
import { parseFilter } from "@/lib/scim/filter/parse";
import type { ListParams } from "@/lib/scim/list-params";
import { listResponse } from "@/lib/scim/list-response";
import { projectResource } from "@/lib/scim/projection";
import { toUserResource } from "@/lib/scim/user-document";

import { isUuid, type ScimContext } from "./scim-context";

export async function getScimUser(
  ctx: ScimContext,
  id: string,
  projection: Pick<ListParams, "attributes" | "excludedAttributes"> = {},
) {
  const row = isUuid(id) ? await findScimUser(ctx.db, ctx.workspaceId, id) : undefined;
  if (!row) throw notFound();

  const groups = await listGroupsOfScimUsers(ctx.db, ctx.workspaceId, [row.id]);
  const resource = toUserResource({ ...row, groups: groups.get(row.id) ?? [] }, ctx.baseUrl);

  return { resource: projectResource(resource, projection.attributes, projection.excludedAttributes), version: row.version };
}

/** GET /Users and POST /Users/.search: filtered in SQL, counted in SQL. */
export async function listScimUsersPage(ctx: ScimContext, params: ListParams) {
  const where = params.filter ? compileUserFilter(parseFilter(params.filter)) : undefined;

  const totalResults = await countScimUsers(ctx.db, ctx.workspaceId, where);
  const rows =
    params.count === 0
      ? []
      : await listScimUsers(ctx.db, ctx.workspaceId, { where, offset: params.startIndex - 1, limit: params.count });
  const groups = await listGroupsOfScimUsers(ctx.db, ctx.workspaceId, rows.map((r) => r.id));
  const resources = rows.map((row) =>
    projectResource(
      toUserResource({ ...row, groups: groups.get(row.id) ?? [] }, ctx.baseUrl),
      params.attributes,
      params.excludedAttributes,
    ),
  );

  return listResponse(resources, totalResults, params.startIndex);
}
