import {
  countScimUsers,
  findScimUser,
  listGroupsOfScimUsers,
  listScimUsers,
  USER_SORT_KEYS,
  type UserSortKey,
} from "@/db/queries/scim-users";
import { compileUserFilter } from "@/db/scim-filter-sql";
import { badRequest, notFound } from "@/lib/scim/errors";
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
  const row = isUuid(id)
    ? await findScimUser(ctx.db, ctx.workspaceId, id)
    : undefined;
  if (!row) throw notFound();

  const groups = await listGroupsOfScimUsers(ctx.db, ctx.workspaceId, [row.id]);
  const resource = toUserResource(
    { ...row, groups: groups.get(row.id) ?? [] },
    ctx.baseUrl,
  );

  return {
    resource: projectResource(
      resource,
      projection.attributes,
      projection.excludedAttributes,
    ),
    version: row.version,
  };
}

/** RFC 7644 §3.4.2.3: sortBy names an attribute; a schema URN prefix is allowed. */
function sortKeyOf(sortBy: string | undefined): UserSortKey | undefined {
  if (sortBy === undefined) return undefined;
  const name = sortBy
    .replace(/^urn:ietf:params:scim:schemas:core:2\.0:User:/i, "")
    .toLowerCase();
  if (!Object.hasOwn(USER_SORT_KEYS, name)) {
    throw badRequest(
      "invalidValue",
      "sortBy supports userName, displayName, meta.created and meta.lastModified.",
    );
  }

  return name as UserSortKey;
}

/** GET /Users and POST /Users/.search: filtered in SQL, counted in SQL. */
export async function listScimUsersPage(ctx: ScimContext, params: ListParams) {
  const where = params.filter
    ? compileUserFilter(parseFilter(params.filter))
    : undefined;

  const totalResults = await countScimUsers(ctx.db, ctx.workspaceId, where);
  const rows =
    params.count === 0
      ? []
      : await listScimUsers(ctx.db, ctx.workspaceId, {
          where,
          offset: params.startIndex - 1,
          limit: params.count,
          sortBy: sortKeyOf(params.sortBy),
          isDescending: params.sortOrder === "descending",
        });
  const groups = await listGroupsOfScimUsers(
    ctx.db,
    ctx.workspaceId,
    rows.map((r) => r.id),
  );
  const resources = rows.map((row) =>
    projectResource(
      toUserResource({ ...row, groups: groups.get(row.id) ?? [] }, ctx.baseUrl),
      params.attributes,
      params.excludedAttributes,
    ),
  );

  return listResponse(resources, totalResults, params.startIndex);
}
