// PostgreSQL text and jsonb hold neither U+0000 nor half of a surrogate
// pair; JavaScript strings may hold both (a JSON "\ud800", or a string cut
// between the two halves of an emoji). The engine's own checks
// (`isWellFormed`, ES2024) cost a fraction of a regular expression's scan,
// and every SCIM request's activity-log row runs them on several texts.

/** True when PostgreSQL can store the string as it is. */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && text.isWellFormed();
}

/** The string with NULs and lone surrogates replaced by U+FFFD. */
export function toStorableText(text: string): string {
  return isStorableText(text)
    ? text
    : text.replaceAll("\u0000", "\uFFFD").toWellFormed();
}
