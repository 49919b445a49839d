// Attribute definitions of the resources Roster serves (RFC 7643 §4, §7).
// The filter compiler, the PATCH engine, input validation and the /Schemas
// discovery document all read these, so what is advertised is what works.

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_USER_SCHEMA =
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

export type AttributeType =
  | "string"
  | "boolean"
  | "decimal"
  | "integer"
  | "dateTime"
  | "reference"
  | "complex"
  | "binary";

export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
export type Returned = "always" | "never" | "default" | "request";
export type Uniqueness = "none" | "server" | "global";

export interface AttributeDefinition {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDefinition[];
}

export interface SchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
}

type Options = Partial<Omit<AttributeDefinition, "name" | "type">>;

function attr(
  name: string,
  type: AttributeType,
  options: Options = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description: "",
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...options,
  };
}

const str = (name: string, options: Options = {}) =>
  attr(name, "string", options);

const complex = (
  name: string,
  subAttributes: AttributeDefinition[],
  options: Options = {},
) => attr(name, "complex", { subAttributes, ...options });

/** A multi-valued complex attribute with value, display, type and primary. */
function multiValued(
  name: string,
  description: string,
  types: string[],
  valueOptions: Options = {},
): AttributeDefinition {
  return complex(
    name,
    [
      str("value", {
        description: `The ${description} value.`,
        ...valueOptions,
      }),
      str("display", { description: "A human-readable name." }),
      str("type", {
        description: "A label indicating the attribute's function.",
        canonicalValues: types,
      }),
      attr("primary", "boolean", {
        description: "Whether this is the primary value.",
      }),
    ],
    { multiValued: true, description },
  );
}

const nameAttribute = complex(
  "name",
  [
    str("formatted", { description: "The full name, formatted for display." }),
    str("familyName", { description: "The family name." }),
    str("givenName", { description: "The given name." }),
    str("middleName", { description: "The middle name." }),
    str("honorificPrefix", { description: "The honorific prefix." }),
    str("honorificSuffix", { description: "The honorific suffix." }),
  ],
  { description: "The components of the user's name." },
);

const addresses = complex(
  "addresses",
  [
    str("formatted", { description: "The full mailing address." }),
    str("streetAddress", { description: "The street address." }),
    str("locality", { description: "The city or locality." }),
    str("region", { description: "The state or region." }),
    str("postalCode", { description: "The postal code." }),
    str("country", { description: "The country, ISO 3166-1 alpha-2." }),
    str("type", {
      description: "A label for the address.",
      canonicalValues: ["work", "home", "other"],
    }),
    attr("primary", "boolean", {
      description: "Whether this is the primary address.",
    }),
  ],
  { multiValued: true, description: "Physical mailing addresses." },
);

const groupsOfUser = complex(
  "groups",
  [
    str("value", { mutability: "readOnly", description: "The group's id." }),
    attr("$ref", "reference", {
      mutability: "readOnly",
      referenceTypes: ["Group"],
      description: "The URI of the group.",
    }),
    str("display", {
      mutability: "readOnly",
      description: "The group's name.",
    }),
    str("type", {
      mutability: "readOnly",
      canonicalValues: ["direct", "indirect"],
      description: "How the user is a member.",
    }),
  ],
  {
    multiValued: true,
    mutability: "readOnly",
    description: "Groups the user belongs to; changed through /Groups.",
  },
);

export const commonAttributes: AttributeDefinition[] = [
  str("id", {
    caseExact: true,
    mutability: "readOnly",
    returned: "always",
    uniqueness: "server",
    description: "The service provider's identifier of the resource.",
  }),
  str("externalId", {
    caseExact: true,
    description: "The identity provider's identifier of the resource.",
  }),
  complex(
    "meta",
    [
      str("resourceType", { caseExact: true, mutability: "readOnly" }),
      attr("created", "dateTime", { mutability: "readOnly" }),
      attr("lastModified", "dateTime", { mutability: "readOnly" }),
      attr("location", "reference", {
        mutability: "readOnly",
        caseExact: true,
      }),
      str("version", { caseExact: true, mutability: "readOnly" }),
    ],
    { mutability: "readOnly", description: "Resource metadata." },
  ),
];

export const userSchema: SchemaDefinition = {
  id: USER_SCHEMA,
  name: "User",
  // RFC 7643 §8.7.1 names the User schema "User Account".
  description: "User Account",
  attributes: [
    str("userName", {
      required: true,
      uniqueness: "server",
      description:
        "Unique identifier of the user, compared case-insensitively.",
    }),
    nameAttribute,
    str("displayName", { description: "The name shown to other members." }),
    str("nickName", { description: "The casual name of the user." }),
    attr("profileUrl", "reference", {
      referenceTypes: ["external"],
      description: "A URI of the user's online profile.",
    }),
    str("title", { description: "The user's title." }),
    str("userType", { description: "The relationship to the organisation." }),
    str("preferredLanguage", { description: "Preferred language (RFC 7231)." }),
    str("locale", { description: "Default location for localisation." }),
    str("timezone", { description: "Time zone in IANA format." }),
    attr("active", "boolean", {
      description: "Whether the user is a member of the workspace.",
    }),
    str("password", {
      mutability: "writeOnly",
      returned: "never",
      caseExact: true,
      description: "Accepted and discarded; members sign in themselves.",
    }),
    multiValued("emails", "email address", ["work", "home", "other"]),
    multiValued("phoneNumbers", "phone number", [
      "work",
      "home",
      "mobile",
      "fax",
      "pager",
      "other",
    ]),
    multiValued("ims", "instant messaging address", [
      "aim",
      "gtalk",
      "icq",
      "xmpp",
      "msn",
      "skype",
      "qq",
      "yahoo",
    ]),
    multiValued("photos", "photo URL", ["photo", "thumbnail"]),
    addresses,
    groupsOfUser,
    multiValued("entitlements", "entitlement", []),
    multiValued("roles", "role", []),
    multiValued("x509Certificates", "certificate", []),
  ],
};

export const enterpriseUserSchema: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: "EnterpriseUser",
  description: "Enterprise attributes of a user.",
  attributes: [
    str("employeeNumber", {
      description: "The organisation's number for the user.",
    }),
    str("costCenter", { description: "The cost center." }),
    str("organization", { description: "The organisation." }),
    str("division", { description: "The division." }),
    str("department", { description: "The department." }),
    complex(
      "manager",
      [
        str("value", { description: "The SCIM id of the manager." }),
        attr("$ref", "reference", {
          referenceTypes: ["User"],
          description: "The URI of the manager.",
        }),
        str("displayName", {
          mutability: "readOnly",
          description: "The manager's display name.",
        }),
      ],
      { description: "The user's manager." },
    ),
  ],
};

export const groupSchema: SchemaDefinition = {
  id: GROUP_SCHEMA,
  name: "Group",
  description: "A group of users pushed by the identity provider.",
  attributes: [
    str("displayName", { required: true, description: "The group's name." }),
    complex(
      "members",
      [
        str("value", {
          mutability: "immutable",
          description: "The SCIM id of a member user.",
        }),
        attr("$ref", "reference", {
          mutability: "immutable",
          referenceTypes: ["User"],
          description: "The URI of the member.",
        }),
        str("display", {
          mutability: "readOnly",
          description: "The member's display name.",
        }),
        str("type", {
          mutability: "immutable",
          canonicalValues: ["User"],
          description: "The type of member.",
        }),
      ],
      { multiValued: true, description: "The members of the group." },
    ),
  ],
};

export interface ResourceSchemas {
  core: SchemaDefinition;
  extensions: SchemaDefinition[];
}

export const USER_RESOURCE: ResourceSchemas = {
  core: userSchema,
  extensions: [enterpriseUserSchema],
};

export const GROUP_RESOURCE: ResourceSchemas = {
  core: groupSchema,
  extensions: [],
};
