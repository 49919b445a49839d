export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

/**
 * A personal workspace's slug: the whole account id, so two accounts never
 * share one. Eight hex digits of it (32 bits) collided by the birthday
 * bound: at 100,000 accounts about one new account in 40,000 met an
 * existing slug, and its SCIM create failed with 409.
 */
export function personalSlug(userId: string): string {
  return `personal-${userId.replaceAll("-", "").toLowerCase()}`;
}
