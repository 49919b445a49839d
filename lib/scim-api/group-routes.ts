import { createScimGroup } from "@/lib/provisioning/create-scim-group";
import { deleteScimGroup } from "@/lib/provisioning/delete-scim-group";
import {
  getScimGroup,
  listScimGroupsPage,
} from "@/lib/provisioning/read-scim-groups";
import type { ScimContext } from "@/lib/provisioning/scim-context";
import {
  patchScimGroup,
  replaceScimGroup,
} from "@/lib/provisioning/update-scim-group";
import { notFound } from "@/lib/scim/errors";
import type { GroupResponse } from "@/lib/scim/group-document";
import { parseListParams } from "@/lib/scim/list-params";

import { parseJsonBody } from "./parse-json-body";
import {
  methodNotAllowed,
  queryParamsOf,
  searchParamsOf,
} from "./route-helpers";
import type { ScimHttpRequest, ScimHttpResponse } from "./types";

export async function routeGroups(
  ctx: ScimContext,
  request: ScimHttpRequest,
  rest: string[],
): Promise<ScimHttpResponse> {
  const ifMatch = request.headers.get("if-match");
  // RFC 7644 §3.9: attributes/excludedAttributes also shape POST, PUT and PATCH answers.
  const query = parseListParams(queryParamsOf(request.query));
  const [id, ...extra] = rest;
  if (extra.length > 0) throw notFound("No such endpoint.");

  if (id === undefined) {
    if (request.method === "GET")
      return { status: 200, body: await listScimGroupsPage(ctx, query) };
    if (request.method === "POST")
      return withResourceHeaders(
        201,
        await createScimGroup(ctx, parseJsonBody(request), query),
      );

    return methodNotAllowed("GET, POST");
  }

  if (id.toLowerCase() === ".search") {
    if (request.method !== "POST") return methodNotAllowed("POST");
    const params = parseListParams(searchParamsOf(parseJsonBody(request)));

    return { status: 200, body: await listScimGroupsPage(ctx, params) };
  }

  switch (request.method) {
    case "GET":
      return withResourceHeaders(200, await getScimGroup(ctx, id, query));
    case "PUT":
      return withResourceHeaders(
        200,
        await replaceScimGroup(ctx, id, parseJsonBody(request), {
          ifMatch,
          projection: query,
        }),
      );
    case "PATCH":
      return withResourceHeaders(
        200,
        await patchScimGroup(ctx, id, parseJsonBody(request), {
          ifMatch,
          projection: query,
        }),
      );
    case "DELETE": {
      const { displayName } = await deleteScimGroup(ctx, id, ifMatch);

      return { status: 204, subject: displayName };
    }
    default:
      return methodNotAllowed("GET, PUT, PATCH, DELETE");
  }
}

function withResourceHeaders(
  status: number,
  { resource, etag, location }: GroupResponse,
): ScimHttpResponse {
  const headers: Record<string, string> = { ETag: etag };
  if (status === 201) headers.Location = location;

  return { status, headers, body: resource };
}
