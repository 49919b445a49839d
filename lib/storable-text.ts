// PostgreSQL text and jsonb hold neither U+0000 nor half of a surrogate
// pair; JavaScript strings may hold both (a JSON "\ud800", or a string cut
// between the two halves of an emoji).

const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/** True when PostgreSQL can store the string as it is. */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

/** The string with NULs and lone surrogates replaced by U+FFFD. */
export function toStorableText(text: string): string {
  return isStorableText(text)
    ? text
    : text.replaceAll("\u0000", "\uFFFD").replace(LONE_SURROGATES, "\uFFFD");
}
