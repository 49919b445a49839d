import {
  findResourceType,
  findSchemaDocument,
  resourceTypes,
  schemas,
  serviceProviderConfig,
} from "@/lib/scim/discovery";
import { notFound } from "@/lib/scim/errors";

import { methodNotAllowed } from "./route-helpers";
import type { ScimHttpRequest, ScimHttpResponse } from "./types";

export const HAS_GROUPS = true;

type Endpoint = "serviceproviderconfig" | "resourcetypes" | "schemas";

export function routeDiscovery(
  endpoint: Endpoint,
  request: ScimHttpRequest,
  rest: string[],
): ScimHttpResponse {
  if (request.method !== "GET") return methodNotAllowed("GET");
  const options = { baseUrl: request.baseUrl, hasGroups: HAS_GROUPS };
  const [id, ...extra] = rest;
  if (
    extra.length > 0 ||
    (endpoint === "serviceproviderconfig" && id !== undefined)
  ) {
    throw notFound("No such endpoint.");
  }

  if (endpoint === "serviceproviderconfig")
    return { status: 200, body: serviceProviderConfig(options) };
  if (id === undefined) {
    return {
      status: 200,
      body: endpoint === "schemas" ? schemas(options) : resourceTypes(options),
    };
  }
  const document =
    endpoint === "schemas"
      ? findSchemaDocument(options, id)
      : findResourceType(options, id);
  if (!document)
    throw notFound(
      `No ${endpoint === "schemas" ? "schema" : "resource type"} named ${id}.`,
    );

  return { status: 200, body: document };
}
