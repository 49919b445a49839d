// RFC 7643 §2.3.5: dateTime values are xsd:dateTime, e.g.
// "2008-01-23T04:56:22Z". Filters also accept a date alone and a missing zone
// (both read as UTC), so `meta.created gt "2024-01-01"` works.

const DATE = String.raw`(\d{4})-(\d{2})-(\d{2})`;
const TIME = String.raw`(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?`;
const ZONE = String.raw`([Zz]|[+-]\d{2}:\d{2})`;
const DATE_TIME = new RegExp(`^${DATE}(?:[Tt ]${TIME}${ZONE}?)?$`);

/**
 * Returns the value as an RFC 3339 timestamp with an explicit zone (keeping
 * sub-millisecond digits for the database), or undefined when it is not a
 * real date and time.
 */
export function normalizeDateTime(text: string): string | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;

  const [, year, month, day, hour = "00", minute = "00", second = "00"] = match;
  const fraction = match[7] ?? "";
  const zone = (match[8] ?? "Z").toUpperCase();
  const isValid =
    Number(year) >= 1 &&
    isBetween(month, 1, 12) &&
    isBetween(day, 1, daysInMonth(Number(year), Number(month))) &&
    isBetween(hour, 0, 23) &&
    isBetween(minute, 0, 59) &&
    isBetween(second, 0, 59) &&
    (zone === "Z" || isValidOffset(zone));
  if (!isValid) return undefined;

  const time = `${hour}:${minute}:${second}${fraction}`;

  return `${year}-${month}-${day}T${time}${zone}`;
}

const isBetween = (digits: string, low: number, high: number) =>
  Number(digits) >= low && Number(digits) <= high;

// Real offsets run from -12:00 to +14:00; PostgreSQL refuses beyond 15:59.
const isValidOffset = (zone: string) =>
  isBetween(zone.slice(1, 3), 0, 15) && isBetween(zone.slice(4, 6), 0, 59);

function daysInMonth(year: number, month: number): number {
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

  return days[month - 1];
}
