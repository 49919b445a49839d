const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SCIM ids are UUIDs; anything else names no resource. */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}
