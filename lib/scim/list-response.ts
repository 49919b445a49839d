export const LIST_RESPONSE_SCHEMA =
  "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/** RFC 7644 §3.4.2: itemsPerPage is the number of resources returned. */
export function listResponse<T>(
  resources: T[],
  totalResults: number,
  startIndex: number,
) {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
