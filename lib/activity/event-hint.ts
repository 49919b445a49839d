/**
 * A plain-language hint for a recorded SCIM request: what went wrong and
 * what the admin can do, or which IdP quirk Roster accepted. Pure.
 */
export interface HintFacts {
  status: number;
  scimType: string | null;
  detail: string | null;
  operation: string;
  method: string;
  resourceType: string | null;
  /** The redacted body as stored (see redact-request-body.ts). */
  requestBody: unknown;
}

const INVALID_REQUEST_HINTS: Record<string, string> = {
  invalidFilter:
    "The identity provider sent a filter Roster cannot read. Check the attribute the IdP matches people on (usually userName) in its attribute mappings.",
  invalidValue:
    "The identity provider sent a value Roster cannot accept, such as a missing userName, a wrong type, a value that is too long or a query parameter it does not support. The detail names the attribute or parameter; check that mapping in the IdP.",
  invalidPath:
    "The identity provider tried to change an attribute Roster does not know. Remove or rename that mapping in the IdP.",
  invalidSyntax:
    "The identity provider sent a request Roster cannot parse. Check that the IdP app is set up as a SCIM 2.0 connector.",
  noTarget:
    "The identity provider tried to change an element that does not exist. This usually fixes itself on the next full sync.",
  mutability:
    "The identity provider tried to change a read-only attribute such as id. Remove that mapping in the IdP.",
  tooMany:
    "The filter matched more people than Roster returns at once. The IdP should narrow its filter.",
};

export function hintForEvent(facts: HintFacts): string | null {
  const quirk = acceptedQuirk(facts);
  if (facts.status < 400) return quirk;

  const detail = facts.detail ?? "";
  const isGroup = facts.resourceType === "Group";
  switch (facts.status) {
    case 400:
      return (
        INVALID_REQUEST_HINTS[facts.scimType ?? ""] ??
        "The identity provider sent a request Roster refused; the detail says which part."
      );
    case 401:
      return "This token was deleted or has expired. Create a new token above and paste it into your identity provider.";
    case 403:
      return /enterprise/i.test(detail)
        ? "SCIM provisioning needs the Enterprise plan; upgrade this workspace to accept requests."
        : "Provisioning is turned off for this workspace; turn it on above and the identity provider's next attempt will succeed.";
    case 404:
      return facts.resourceType && facts.method !== "POST"
        ? `Roster has no ${isGroup ? "group" : "person"} with this id in this workspace: it was deleted here, or the identity provider holds an id from another connection. The IdP usually creates it again on its next sync; otherwise unassign and reassign it in the IdP.`
        : "The identity provider called an address Roster does not serve. Check that the SCIM base URL in the IdP is the one shown above.";
    case 409:
      return conflictHint(detail, isGroup);
    case 412:
      return "The identity provider's copy was out of date (its ETag no longer matched), so Roster refused the change. It should read the resource again and retry; no action needed unless this repeats.";
    case 413:
      return "The request body was larger than 1 MiB. Ask the IdP to send large groups in smaller changes.";
    case 429:
      return "The identity provider sent more requests than the per-token limit allows; it was told when to retry. If this repeats, slow the IdP's sync or ask for a higher limit.";
    case 503:
      return "Roster's database was briefly unavailable; the identity provider will retry.";
    default:
      return facts.status >= 500
        ? "Roster failed to handle this request and logged the error; the identity provider will retry. If it repeats, contact support with the request id."
        : null;
  }
}

function conflictHint(detail: string, isGroup: boolean) {
  if (/last owner/i.test(detail)) {
    return "This person is the workspace's last owner, so Roster will not remove them. Make someone else an owner in Roster first, then retry in the IdP.";
  }
  if (/at the same time/i.test(detail)) {
    return "Two requests created the same person at once; the identity provider's retry will succeed.";
  }
  if (/externalId/.test(detail)) {
    return "Another person in Roster already has this externalId. Check for a duplicate assignment in the IdP.";
  }
  if (isGroup) {
    return "A group with this displayName already exists in Roster. Rename one of the groups in the IdP, or let the IdP link to the existing one.";
  }

  return "A person with this userName already exists in Roster. The IdP should look them up and link to them; if it keeps failing, check for a duplicate assignment in the IdP or remove the old SCIM user in Roster.";
}

/** Entra ID sends booleans as "True"/"False" strings in PATCH (DESIGN.md). */
function acceptedQuirk(facts: HintFacts): string | null {
  if (facts.method !== "PATCH") return null;
  const text = activeAsText(facts.requestBody);
  if (!text) return null;

  return `Microsoft Entra sent active as text "${text}"; Roster accepted it as ${text.toLowerCase()}.`;
}

function activeAsText(body: unknown): string | null {
  const operations = (body as { value?: { Operations?: unknown } } | null)
    ?.value?.Operations;
  if (!Array.isArray(operations)) return null;
  for (const operation of operations) {
    if (!operation || typeof operation !== "object") continue;
    const { path, value } = operation as { path?: unknown; value?: unknown };
    const candidate =
      typeof path === "string" && path.toLowerCase() === "active"
        ? value
        : value && typeof value === "object"
          ? (value as Record<string, unknown>).active
          : undefined;
    if (typeof candidate === "string" && /^(true|false)$/i.test(candidate)) {
      return candidate;
    }
  }

  return null;
}
