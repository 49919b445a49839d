// PostgreSQL's text of a timestamptz in a UTC session (DateStyle ISO), as the
// driver hands it over: `2026-12-04 20:31:48.123456+00`, the fraction
// optional. Years below 1000 are left to Date, which reads `0099` as 1999.
const UTC_TEXT = /^[1-9]\d{3}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?\+00$/;

/**
 * What `new Date(text).toISOString()` answers for PostgreSQL's text of a
 * timestamptz, without building the Date when the text is in UTC: a list
 * page formats two per user, and the Date round trip was a tenth of the
 * page's app CPU. Any other text (another zone, BC) goes through Date.
 */
export function isoTimestamp(text: string): string {
  if (!UTC_TEXT.test(text)) return new Date(text).toISOString();

  // Date keeps milliseconds: further digits are cut, not rounded.
  const fraction = text.slice(20, -3).padEnd(3, "0").slice(0, 3);

  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}Z`;
}
