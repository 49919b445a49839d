import {
  type AttributeDefinition,
  type AttributeType,
  commonAttributes,
  userSchema,
} from "@/lib/scim/attributes";

/** One row of the attribute table the set-up guides show. */
export interface ExpectedAttribute {
  /** The SCIM attribute path, as the IdP's mapping editor names it. */
  path: string;
  type: AttributeType;
  isRequired: boolean;
  isUnique: boolean;
  /** What Roster does with the value. */
  use: string;
  okta: string;
  entra: string;
}

type Mapping = Omit<ExpectedAttribute, "type" | "isRequired" | "isUnique">;

// Entra's default expression: a soft-deleted (unassigned) person is inactive.
export const ENTRA_ACTIVE_EXPRESSION =
  'Switch([IsSoftDeleted], , "False", "True", "True", "False")';

const MAPPINGS: Mapping[] = [
  {
    path: "userName",
    use: "Identifies the person in this workspace; compared without regard to letter case.",
    okta: "Application username (Okta username or email)",
    entra: "userPrincipalName",
  },
  {
    path: 'emails[type eq "work"].value',
    use: "Finds their Roster account, or creates one, and receives the invitation.",
    okta: "user.email (Primary email)",
    entra: "mail",
  },
  {
    path: "active",
    use: "false removes them from the workspace; true adds them back.",
    okta: "Set by Okta on unassignment (Deactivate Users)",
    entra: ENTRA_ACTIVE_EXPRESSION,
  },
  {
    path: "externalId",
    use: "The identity provider's own id for the person, kept for look-ups.",
    okta: "Not sent by default; optional",
    entra: "objectId",
  },
  {
    path: "displayName",
    use: "The name shown to other members.",
    okta: "user.displayName (optional)",
    entra: "displayName",
  },
  {
    path: "name.givenName",
    use: "First name, used when there is no display name.",
    okta: "user.firstName",
    entra: "givenName",
  },
  {
    path: "name.familyName",
    use: "Last name, used when there is no display name.",
    okta: "user.lastName",
    entra: "surname",
  },
];

/**
 * The attributes Roster reads from an IdP, each checked against the User
 * schema that /Schemas advertises, so the guides cannot name an attribute
 * the SCIM API does not know.
 */
export const EXPECTED_ATTRIBUTES: ExpectedAttribute[] = MAPPINGS.map(
  (mapping) => {
    const definition = definitionOf(mapping.path);

    return {
      ...mapping,
      type: definition.type,
      isRequired: definition.required,
      isUnique: definition.uniqueness !== "none",
    };
  },
);

/** `emails[type eq "work"].value` → the definition of emails.value. */
export function definitionOf(path: string): AttributeDefinition {
  const names = path.replace(/\[[^\]]*\]/g, "").split(".");
  let candidates = [...commonAttributes, ...userSchema.attributes];
  let found: AttributeDefinition | undefined;
  for (const name of names) {
    found = candidates.find((a) => a.name === name);
    if (!found) {
      throw new Error(`The User schema has no attribute ${path}.`);
    }
    candidates = found.subAttributes ?? [];
  }

  return found!;
}
