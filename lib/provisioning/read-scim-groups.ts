import {
  countScimGroups,
  findScimGroup,
  GROUP_SORT_KEYS,
  type GroupSortKey,
  countMembersOfGroups,
  listMembersOfGroups,
  listScimGroups,
} from "@/db/queries/scim-groups";
import { compileGroupFilter } from "@/db/scim-filter-sql";
import { badRequest, notFound } from "@/lib/scim/errors";
import { parseFilter } from "@/lib/scim/filter/parse";
import {
  isMembersRequested,
  type Projection,
  toGroupResponse,
} from "@/lib/scim/group-document";
import type { ListParams } from "@/lib/scim/list-params";
import { listResponse } from "@/lib/scim/list-response";

import { isUuid, type ScimContext } from "./scim-context";

/** GET /Groups/{id}; members are only queried when the projection keeps them. */
export async function getScimGroup(
  ctx: ScimContext,
  id: string,
  projection: Projection = {},
) {
  const row = isUuid(id)
    ? await findScimGroup(ctx.db, ctx.workspaceId, id)
    : undefined;
  if (!row) throw notFound();

  const members = isMembersRequested(projection)
    ? ((await listMembersOfGroups(ctx.db, ctx.workspaceId, [row.id])).get(
        row.id,
      ) ?? [])
    : undefined;

  return toGroupResponse(row, members, ctx.baseUrl, projection);
}

/** GET /Groups and POST /Groups/.search: filtered in SQL, counted in SQL. */
export async function listScimGroupsPage(ctx: ScimContext, params: ListParams) {
  const where = params.filter
    ? compileGroupFilter(parseFilter(params.filter))
    : undefined;

  const totalResults = await countScimGroups(ctx.db, ctx.workspaceId, where);
  const rows =
    params.count === 0
      ? []
      : await listScimGroups(ctx.db, ctx.workspaceId, {
          where,
          offset: params.startIndex - 1,
          limit: params.count,
          sortBy: sortKeyOf(params.sortBy),
          isDescending: params.sortOrder === "descending",
        });
  // RFC 7644 §3.4.2.5: excludedAttributes=members (Okta, on large groups) skips the member query.
  const isWithMembers = isMembersRequested(params);
  const pageRows = isWithMembers
    ? await rowsWithinMemberBudget(ctx, rows)
    : rows;
  const members = isWithMembers
    ? await listMembersOfGroups(
        ctx.db,
        ctx.workspaceId,
        pageRows.map((row) => row.id),
      )
    : undefined;
  const resources = pageRows.map(
    (row) =>
      toGroupResponse(
        row,
        members ? (members.get(row.id) ?? []) : undefined,
        ctx.baseUrl,
        params,
      ).resource,
  );

  return listResponse(resources, totalResults, params.startIndex);
}

/**
 * The members a page of groups carries at most, beyond its first group.
 * Large groups make a page of fewer groups (RFC 7644 §3.4.2.4 lets the
 * server return fewer than `count`; `itemsPerPage` says how many, and the
 * next page starts after them), so one answer stays a few megabytes.
 */
export const MAX_MEMBERS_PER_PAGE = 20_000;

export async function rowsWithinMemberBudget<Row extends { id: string }>(
  ctx: Pick<ScimContext, "db" | "workspaceId">,
  rows: Row[],
  budget = MAX_MEMBERS_PER_PAGE,
): Promise<Row[]> {
  if (rows.length <= 1) return rows;
  const counts = await countMembersOfGroups(
    ctx.db,
    ctx.workspaceId,
    rows.map((row) => row.id),
  );
  let members = 0;
  const kept: Row[] = [];
  for (const row of rows) {
    members += counts.get(row.id) ?? 0;
    if (kept.length > 0 && members > budget) break;
    kept.push(row);
  }

  return kept;
}

/** RFC 7644 §3.4.2.3: sortBy names an attribute; a schema URN prefix is allowed. */
function sortKeyOf(sortBy: string | undefined): GroupSortKey | undefined {
  if (sortBy === undefined) return undefined;
  const name = sortBy
    .replace(/^urn:ietf:params:scim:schemas:core:2\.0:Group:/i, "")
    .toLowerCase();
  // Own keys only: `constructor` or `__proto__` must not reach ORDER BY.
  if (!Object.hasOwn(GROUP_SORT_KEYS, name)) {
    throw badRequest(
      "invalidValue",
      "sortBy supports displayName, meta.created and meta.lastModified.",
    );
  }

  return name as GroupSortKey;
}
