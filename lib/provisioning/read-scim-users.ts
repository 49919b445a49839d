import {
  countScimUsers,
  findScimUser,
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

  const resource = toUserResource(row, ctx.baseUrl);

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

/** GET /Users and POST /Users/.search: filtered and counted in SQL. */
export async function listScimUsersPage(ctx: ScimContext, params: ListParams) {
  const where = params.filter
    ? compileUserFilter(parseFilter(params.filter))
    : undefined;

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
  // A first page that is not full holds every match: no count query needed
  // (the common case of IdP lookups by userName or externalId).
  const isWholeResult = params.startIndex === 1 && rows.length < params.count;
  const totalResults = isWholeResult
    ? rows.length
    : await countScimUsers(ctx.db, ctx.workspaceId, where);
  const resources = rows.map((row) =>
    projectResource(
      toUserResource(row, ctx.baseUrl),
      params.attributes,
      params.excludedAttributes,
    ),
  );

  return listResponse(resources, totalResults, params.startIndex);
}
