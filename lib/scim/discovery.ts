import {
  type AttributeDefinition,
  commonAttributes,
  enterpriseUserSchema,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  groupSchema,
  type SchemaDefinition,
  USER_SCHEMA,
  userSchema,
} from "./attributes";
import { MAX_COUNT } from "./list-params";
import { listResponse } from "./list-response";

// RFC 7643 §5–§7 and RFC 7644 §4. Built from the same definitions the filter,
// PATCH and validation code use, so discovery cannot promise what is absent.

const SPC_SCHEMA =
  "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const RESOURCE_TYPE_SCHEMA =
  "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

export interface DiscoveryOptions {
  baseUrl: string;
  hasGroups: boolean;
}

export function serviceProviderConfig({ baseUrl }: DiscoveryOptions) {
  return {
    schemas: [SPC_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_COUNT },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description:
          "A workspace SCIM token sent as `Authorization: Bearer <token>`.",
        primary: true,
      },
    ],
    meta: {
      resourceType: "ServiceProviderConfig",
      location: `${baseUrl}/ServiceProviderConfig`,
    },
  };
}

export function resourceTypes(options: DiscoveryOptions) {
  const types = [
    userResourceType(options),
    ...(options.hasGroups ? [groupResourceType(options)] : []),
  ];

  return listResponse(types, types.length, 1);
}

export function findResourceType(options: DiscoveryOptions, name: string) {
  return resourceTypes(options).Resources.find(
    (t) => t.id.toLowerCase() === name.toLowerCase(),
  );
}

function userResourceType({ baseUrl }: DiscoveryOptions) {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: "User",
    name: "User",
    endpoint: "/Users",
    description: "People provisioned into the workspace.",
    schema: USER_SCHEMA,
    schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
    meta: {
      resourceType: "ResourceType",
      location: `${baseUrl}/ResourceTypes/User`,
    },
  };
}

function groupResourceType({ baseUrl }: DiscoveryOptions) {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: "Group",
    name: "Group",
    endpoint: "/Groups",
    description: "Groups pushed by the identity provider.",
    schema: GROUP_SCHEMA,
    schemaExtensions: [],
    meta: {
      resourceType: "ResourceType",
      location: `${baseUrl}/ResourceTypes/Group`,
    },
  };
}

function describeAttribute(a: AttributeDefinition): Record<string, unknown> {
  return {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued,
    description: a.description,
    required: a.required,
    caseExact: a.caseExact,
    mutability: a.mutability,
    returned: a.returned,
    uniqueness: a.uniqueness,
    ...(a.canonicalValues ? { canonicalValues: a.canonicalValues } : {}),
    ...(a.referenceTypes ? { referenceTypes: a.referenceTypes } : {}),
    ...(a.subAttributes
      ? { subAttributes: a.subAttributes.map(describeAttribute) }
      : {}),
  };
}

function describeSchema(
  schema: SchemaDefinition,
  baseUrl: string,
  withCommon: boolean,
) {
  const common = withCommon
    ? commonAttributes.filter((a) => a.name === "externalId")
    : [];

  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: [...common, ...schema.attributes].map(describeAttribute),
    meta: {
      resourceType: "Schema",
      location: `${baseUrl}/Schemas/${schema.id}`,
    },
  };
}

export function schemas(options: DiscoveryOptions) {
  const list = [
    describeSchema(userSchema, options.baseUrl, true),
    describeSchema(enterpriseUserSchema, options.baseUrl, false),
    ...(options.hasGroups
      ? [describeSchema(groupSchema, options.baseUrl, true)]
      : []),
  ];

  return listResponse(list, list.length, 1);
}

export function findSchemaDocument(options: DiscoveryOptions, id: string) {
  return schemas(options).Resources.find(
    (s) => s.id.toLowerCase() === id.toLowerCase(),
  );
}
