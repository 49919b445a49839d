const PATTERNS: [RegExp, string][] = [
  [/okta/i, "Okta"],
  [/azure|microsoft|entra|aad/i, "Microsoft Entra ID"],
  [/onelogin/i, "OneLogin"],
  [/jumpcloud/i, "JumpCloud"],
  [/google/i, "Google Workspace"],
];

/** Guesses the identity provider from its User-Agent, for admins' eyes only. */
export function detectIdp(userAgent: string | null): string | null {
  if (!userAgent) return null;

  return PATTERNS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
}
