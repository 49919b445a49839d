/**
 * What an account's email may be: SCIM provisions it, sign-in and the CLI
 * take it. Addresses an IdP sends may be internationalised
 * (josé@exämple.test), which browsers' and zod's email checks refuse.
 */

/** Sign-in takes no longer address; a longer one could never sign in. */
export const MAX_EMAIL_LENGTH = 320;

// No whitespace, control or format characters (\p{C} covers bidi overrides
// such as U+202E, which would disguise an address on screen).
const EMAIL = /^[^\s@\p{C}]+@[^\s@\p{C}]+$/u;

export function isEmailAddress(text: string): boolean {
  return text.length <= MAX_EMAIL_LENGTH && EMAIL.test(text);
}
