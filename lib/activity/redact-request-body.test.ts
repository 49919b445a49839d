import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { generateScimToken } from "@/lib/tokens/scim-token-format";

import {
  maskEmail,
  MAX_STORED_BODY_CHARS,
  REDACTED,
  redactRequestBody,
  redactText,
} from "./redact-request-body";

const stored = (body: unknown, own: string[] = []) =>
  redactRequestBody(JSON.stringify(body), own);

const storedText = (body: unknown, own: string[] = []) =>
  JSON.stringify(stored(body, own));

describe("redactRequestBody", () => {
  it("keeps nothing for a request without a body", () => {
    expect(redactRequestBody(null)).toBeNull();
    expect(redactRequestBody("  ")).toBeNull();
  });

  it("keeps a create's attributes and its own address, drops the password", () => {
    const body = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "jane@example.com",
      password: "Sup3r-secret!",
      emails: [{ value: "jane@example.com", primary: true }],
      name: { givenName: "Jane" },
      active: true,
    };

    expect(stored(body, ["jane@example.com"])).toEqual({
      kind: "json",
      value: { ...body, password: REDACTED },
    });
  });

  it("masks other people's addresses, in any letter case of the own one", () => {
    const body = {
      userName: "Jane@Example.com",
      manager: { displayName: "boss@example.com" },
      note: "cc: someone.else@corp.example, thanks",
    };

    expect(stored(body, ["jane@example.com"])).toEqual({
      kind: "json",
      value: {
        userName: "Jane@Example.com",
        manager: { displayName: "b***@example.com" },
        note: "cc: s***@corp.example, thanks",
      },
    });
  });

  it("drops the value of a PATCH operation on the password", () => {
    const body = {
      Operations: [
        { op: "Replace", path: "password", value: "hunter2-hunter2" },
        { op: "Replace", path: "active", value: "False" },
      ],
    };

    expect(stored(body)).toEqual({
      kind: "json",
      value: {
        Operations: [
          { op: "Replace", path: "password", value: REDACTED },
          { op: "Replace", path: "active", value: "False" },
        ],
      },
    });
  });

  it("removes tokens, Authorization values and JWTs from free text", () => {
    const token = generateScimToken();
    const body = {
      a: `Bearer ${token}`,
      b: "Basic dXNlcjpwYXNzd29yZA==",
      c: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
      d: "Qm9iIGxvdmVzIEFsaWNlIDRldmVyIGFuZCBldmVy",
      guid: "0e2b6c1a-5d0f-4b1e-9c3a-7f2d8e9a1b2c",
      plan: "Basic plan",
    };
    const value = (stored(body) as { value: Record<string, string> }).value;

    expect(value).toEqual({
      a: REDACTED,
      b: REDACTED,
      c: REDACTED,
      d: REDACTED,
      guid: body.guid,
      plan: "Basic plan",
    });
  });

  it("keeps no part of a body that is not JSON", () => {
    expect(redactRequestBody('{"password": "x"')).toEqual({
      kind: "unreadable",
      length: 16,
    });
  });

  it('keeps a "__proto__" key as data, never as a prototype', () => {
    const result = redactRequestBody('{"__proto__": {"polluted": 1}}');
    const value = (result as { value: Record<string, unknown> }).value;

    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(JSON.stringify(value)).toBe('{"__proto__":{"polluted":1}}');
  });

  it("bounds the stored size and says it was cut", () => {
    const members = Array.from({ length: 600 }, (_, i) => ({
      value: `0e2b6c1a-5d0f-4b1e-9c3a-${String(i).padStart(12, "0")}`,
    }));
    const result = stored({ members });

    expect(result).toMatchObject({ kind: "truncated" });
    const truncated = result as { length: number; preview: string };
    expect(truncated.preview.length).toBe(MAX_STORED_BODY_CHARS);
    expect(truncated.length).toBeGreaterThan(MAX_STORED_BODY_CHARS);
  });

  it("masks an address as its first letter and domain", () => {
    expect(maskEmail("jane.doe@example.com")).toBe("j***@example.com");
  });
});

// Property tests: whatever the body's shape, where a secret is planted, it
// never reaches the stored text.

const password = fc
  .string({ minLength: 1, maxLength: 30 })
  .map((s) => `PW-${s}-7f3a9c`);
const passwordKey = fc.constantFrom(
  "password",
  "Password",
  "PASSWORD",
  "newPassword",
  "urn:example:passwd",
  "clientSecret",
  "api_key",
);

/** Places `secret` under `key` at a random depth of a random object. */
const planted = (secret: fc.Arbitrary<unknown>, key: fc.Arbitrary<string>) =>
  fc
    .tuple(
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
      key,
      secret,
      fc.array(fc.constantFrom("object", "array", "extension"), {
        maxLength: 4,
      }),
    )
    .map(([base, k, s, wrappers]) => {
      let inner: unknown = { ...base, [k]: s };
      for (const wrapper of wrappers) {
        inner =
          wrapper === "array"
            ? [inner]
            : wrapper === "object"
              ? { value: inner }
              : { "urn:example:extension:2.0:User": inner };
      }

      return { body: { schemas: ["x"], payload: inner }, secret: s };
    });

const token = fc.constant(null).map(() => generateScimToken());

describe("redaction properties", () => {
  it("no password under a secret attribute name survives", () => {
    fc.assert(
      fc.property(planted(password, passwordKey), ({ body, secret }) => {
        expect(storedText(body)).not.toContain(JSON.stringify(secret));
        expect(storedText(body)).not.toContain(secret);
      }),
    );
  });

  it("no password set by a PATCH operation survives", () => {
    fc.assert(
      fc.property(
        password,
        fc.constantFrom("password", "Password", "urn:x:2.0:User:password"),
        fc.constantFrom("replace", "Add", "REPLACE"),
        (pw, path, op) => {
          const body = {
            Operations: [
              { op, path, value: pw },
              { op, value: { password: pw } },
            ],
          };
          expect(storedText(body)).not.toContain(pw);
        },
      ),
    );
  });

  it("no SCIM token survives, in any string or key, with any text around it", () => {
    fc.assert(
      fc.property(
        token,
        fc.string(),
        fc.string(),
        fc.constantFrom("value", "key", "bearer"),
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
        (t, before, after, where, base) => {
          const text = `${before}${t}${after}`;
          const body =
            where === "value"
              ? { ...base, note: { nested: [text] } }
              : where === "key"
                ? { ...base, [text]: 1 }
                : { ...base, header: `Bearer ${t}` };
          const out = storedText(body);
          expect(out).not.toContain(t);
          expect(out).not.toContain(t.slice(12));
        },
      ),
    );
  });

  it("masks every address except the person's own, and stays within bounds", () => {
    fc.assert(
      fc.property(
        fc.emailAddress(),
        fc.array(fc.emailAddress(), { maxLength: 5 }),
        fc.jsonValue({ maxDepth: 3 }),
        (own, others, noise) => {
          const strangers = others.filter(
            (o) => o.toLowerCase() !== own.toLowerCase(),
          );
          const body = {
            userName: own,
            emails: [{ value: own }, ...strangers.map((value) => ({ value }))],
            noise,
          };
          const result = stored(body, [own]);
          const text = JSON.stringify(result);
          expect(text.length).toBeLessThan(MAX_STORED_BODY_CHARS + 200);
          expect(text).not.toContain("\\u0000");
          if (result?.kind !== "json") return;
          const value = result.value as { emails: { value: string }[] };
          expect(value.emails[0].value).toBe(own);
          for (const [i, stranger] of strangers.entries()) {
            expect(value.emails[i + 1].value).not.toBe(stranger);
          }
        },
      ),
    );
  });

  it("finds the same addresses as the pattern it replaced", () => {
    const pattern = /[^\s"<>()@,;:]+@[^\s"<>()@,;:]+\.[^\s"<>()@,;:]+/g;
    const alphabet = fc.constantFrom(...'ab.@ ,"x1-_'.split(""));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 40 }), (text) => {
        const expected = text.replace(pattern, (email) => maskEmail(email));
        expect(redactText(text, new Set())).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("redaction of long values", () => {
  it("keeps only the length of a body over 64 KB, without reading it", () => {
    const body = JSON.stringify({ password: "p".repeat(70_000) });

    expect(redactRequestBody(body)).toEqual({
      kind: "omitted",
      length: body.length,
    });
  });

  // Found by hand: a 900 KB displayName held the server for minutes while
  // a backtracking pattern looked for addresses in it.
  it("scans a 1 MiB string without an address, and one full of at-signs", () => {
    const plain = "b".repeat(1 << 20);
    const ats = "a@".repeat(1 << 19);

    expect(stored({ displayName: plain.slice(0, 60_000) })).toMatchObject({
      kind: "truncated",
    });
    expect(redactText(ats, new Set())).toBe(ats);
    expect(redactText(`${"c".repeat(1 << 20)}@x.example`, new Set())).toMatch(
      /^c\*\*\*@x\.example$/,
    );
  });
});
