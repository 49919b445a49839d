import { countScimGroups, findScimGroup, listMembersOfGroups, listScimGroups } from "@/db/queries/scim-groups";
import { compileGroupFilter } from "@/db/scim-filter-sql";
import { notFound } from "@/lib/scim/errors";
import { parseFilter } from "@/lib/scim/filter/parse";
import { isMembersRequested, type Projection, toGroupResponse } from "@/lib/scim/group-document";
import type { ListParams } from "@/lib/scim/list-params";
import { listResponse } from "@/lib/scim/list-response";

import { isUuid, type ScimContext } from "./scim-context";

/** GET /Groups/{id}; members are only queried when the projection keeps them. */
export async function getScimGroup(ctx: ScimContext, id: string, projection: Projection = {}) {
  const row = isUuid(id) ? await findScimGroup(ctx.db, ctx.workspaceId, id) : undefined;
  if (!row) throw notFound();

  const members = isMembersRequested(projection)
    ? ((await listMembersOfGroups(ctx.db, ctx.workspaceId, [row.id])).get(row.id) ?? [])
    : undefined;

  return toGroupResponse(row, members, ctx.baseUrl, projection);
}

/** GET /Groups and POST /Groups/.search: filtered in SQL, counted in SQL. */
export async function listScimGroupsPage(ctx: ScimContext, params: ListParams) {
  const where = params.filter ? compileGroupFilter(parseFilter(params.filter)) : undefined;

  const totalResults = await countScimGroups(ctx.db, ctx.workspaceId, where);
  const rows =
    params.count === 0
      ? []
      : await listScimGroups(ctx.db, ctx.workspaceId, { where, offset: params.startIndex - 1, limit: params.count });
  // RFC 7644 §3.4.2.5: excludedAttributes=members (Okta, on large groups) skips the member query.
  const members = isMembersRequested(params)
    ? await listMembersOfGroups(ctx.db, ctx.workspaceId, rows.map((row) => row.id))
    : undefined;
  const resources = rows.map(
    (row) => toGroupResponse(row, members ? (members.get(row.id) ?? []) : undefined, ctx.baseUrl, params).resource,
  );

  return listResponse(resources, totalResults, params.startIndex);
}
