import {
  countScimUsers,
  findScimUser,
  findScimUsersByKey,
  type UserLookupKey,
  USER_SORT_KEYS,
  type UserSortKey,
} from "@/db/queries/scim-users";
import { findScimUsersPage } from "@/db/queries/scim-users-page";
import { compileUserFilter } from "@/db/scim-filter-sql";
import { badRequest, notFound } from "@/lib/scim/errors";
import type { FilterNode } from "@/lib/scim/filter/ast";
import { parseFilter } from "@/lib/scim/filter/parse";
import type { ListParams } from "@/lib/scim/list-params";
import { listResponse } from "@/lib/scim/list-response";
import { projectResource } from "@/lib/scim/projection";
import { type StoredScimUser, toUserResource } from "@/lib/scim/user-document";

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

/**
 * `userName eq "x"` or `externalId eq "x"` (optionally with the core schema
 * URN): the lookup an IdP makes before every write. Anything else, including
 * values the compiler refuses, takes the general path.
 */
export function exactLookupOf(
  filter: FilterNode,
): { key: UserLookupKey; value: string } | undefined {
  if (filter.kind !== "compare" || filter.op !== "eq") return undefined;
  const { path, value } = filter;
  if (typeof value !== "string" || value.includes("\u0000")) return undefined;
  if (path.subAttribute !== undefined) return undefined;
  if (path.schema !== undefined && path.schema.toLowerCase() !== CORE_USER) {
    return undefined;
  }
  const name = path.attribute.toLowerCase();
  if (name === "username") return { key: "userName", value };
  if (name === "externalid") return { key: "externalId", value };

  return undefined;
}
const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:user";

/** GET /Users and POST /Users/.search: filtered and counted in SQL. */
export async function listScimUsersPage(ctx: ScimContext, params: ListParams) {
  const sortBy = sortKeyOf(params.sortBy);
  const isFirstPage = params.startIndex === 1 && params.count > 0;
  // The people of a lookup read with the token, for this very filter text.
  const prefetched = ctx.prefetchedUsers;
  if (prefetched && isFirstPage && prefetched.filter === params.filter) {
    return listResponse(
      prefetched.rows.map((row) => projectedUser(row, ctx, params)),
      prefetched.rows.length,
      1,
    );
  }
  const filter = params.filter ? parseFilter(params.filter) : undefined;
  const lookup = filter && exactLookupOf(filter);
  // At most one person matches, so the first page holds the whole result.
  if (lookup && isFirstPage) {
    const rows = await findScimUsersByKey(
      ctx.db,
      ctx.workspaceId,
      lookup.key,
      lookup.value,
    );

    return listResponse(
      rows.map((row) => projectedUser(row, ctx, params)),
      rows.length,
      1,
    );
  }
  const where = filter ? compileUserFilter(filter) : undefined;
  if (params.count === 0) {
    const totalResults = await countScimUsers(ctx.db, ctx.workspaceId, where);

    return listResponse([], totalResults, params.startIndex);
  }

  const page = await findScimUsersPage(ctx.db, ctx.workspaceId, {
    where,
    offset: params.startIndex - 1,
    limit: params.count,
    sortBy,
    isDescending: params.sortOrder === "descending",
  });
  // A page past the last match cannot tell how many there are.
  const totalResults =
    page.total ?? (await countScimUsers(ctx.db, ctx.workspaceId, where));
  const resources = page.users.map((row) => projectedUser(row, ctx, params));

  return listResponse(resources, totalResults, params.startIndex);
}

function projectedUser(
  row: StoredScimUser,
  ctx: ScimContext,
  params: ListParams,
) {
  return projectResource(
    toUserResource(row, ctx.baseUrl),
    params.attributes,
    params.excludedAttributes,
  );
}
