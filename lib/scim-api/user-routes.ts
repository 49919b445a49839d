import { createScimUser } from "@/lib/provisioning/create-scim-user";
import { deleteScimUser } from "@/lib/provisioning/delete-scim-user";
import {
  getScimUser,
  listScimUsersPage,
} from "@/lib/provisioning/read-scim-users";
import type { ScimContext } from "@/lib/provisioning/scim-context";
import {
  patchScimUser,
  replaceScimUser,
} from "@/lib/provisioning/update-scim-user";
import { notFound } from "@/lib/scim/errors";
import { parseListParams } from "@/lib/scim/list-params";

import { parseJsonBody } from "./parse-json-body";
import {
  methodNotAllowed,
  queryParamsOf,
  searchParamsOf,
} from "./route-helpers";
import type { ScimHttpRequest, ScimHttpResponse } from "./types";

export async function routeUsers(
  ctx: ScimContext,
  request: ScimHttpRequest,
  rest: string[],
): Promise<ScimHttpResponse> {
  const ifMatch = request.headers.get("if-match");
  const [id, ...extra] = rest;
  if (extra.length > 0) throw notFound("No such endpoint.");

  if (id === undefined) {
    if (request.method === "GET") {
      return {
        status: 200,
        body: await listScimUsersPage(
          ctx,
          parseListParams(queryParamsOf(request.query)),
        ),
      };
    }
    if (request.method === "POST") {
      const resource = await createScimUser(ctx, parseJsonBody(request));

      return withResourceHeaders(201, resource);
    }

    return methodNotAllowed("GET, POST");
  }

  if (id.toLowerCase() === ".search") {
    if (request.method !== "POST") return methodNotAllowed("POST");
    const params = parseListParams(searchParamsOf(parseJsonBody(request)));

    return { status: 200, body: await listScimUsersPage(ctx, params) };
  }

  switch (request.method) {
    case "GET": {
      const { resource } = await getScimUser(
        ctx,
        id,
        parseListParams(queryParamsOf(request.query)),
      );

      return withResourceHeaders(200, resource);
    }
    case "PUT":
    case "PATCH": {
      const update = request.method === "PUT" ? replaceScimUser : patchScimUser;
      const { resource, operation } = await update(
        ctx,
        id,
        parseJsonBody(request),
        ifMatch,
      );

      return { ...withResourceHeaders(200, resource), operation };
    }
    case "DELETE": {
      const { userName } = await deleteScimUser(ctx, id, ifMatch);

      return { status: 204, subject: userName };
    }
    default:
      return methodNotAllowed("GET, PUT, PATCH, DELETE");
  }
}

function withResourceHeaders(
  status: number,
  resource: Record<string, unknown>,
): ScimHttpResponse {
  const meta = resource.meta as
    { location?: string; version?: string } | undefined;
  const headers: Record<string, string> = {};
  if (meta?.version) headers.ETag = meta.version;
  if (status === 201 && meta?.location) headers.Location = meta.location;

  return { status, headers, body: resource };
}
