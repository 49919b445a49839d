export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

export function personalSlug(userId: string): string {
  return `personal-${userId.slice(0, 8)}`;
}
