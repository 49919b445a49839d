import { describe, expect, it } from "vitest";

import { primaryEmailOf } from "./user-document";
import { parseUserBody } from "./user-input";

// Sign-in takes addresses of at most 320 characters: a provisioned account
// with a longer one could never sign in, so SCIM refuses it.
const addressOf = (length: number) =>
  `${"a".repeat(length - "@example.com".length)}@example.com`;

describe("email addresses in a SCIM user", () => {
  it("accepts an address of 320 characters as the account's email", () => {
    const document = parseUserBody({
      userName: "pat",
      emails: [{ value: addressOf(320), primary: true }],
    });

    expect(primaryEmailOf(document)).toBe(addressOf(320));
  });

  it("refuses a longer address with 400 invalidValue", () => {
    expect(() =>
      parseUserBody({
        userName: "pat",
        emails: [{ value: addressOf(321), primary: true }],
      }),
    ).toThrow(
      expect.objectContaining({
        status: 400,
        scimType: "invalidValue",
        message: expect.stringMatching(/longer than 320/),
      }),
    );
  });

  it("does not take a longer email-shaped userName as the account's email", () => {
    const document = parseUserBody({ userName: addressOf(321) });

    expect(primaryEmailOf(document)).toBeNull();
  });
});
