import { describe, expect, it } from "vitest";

import { tokenize } from "./tokenize";

describe("tokenize", () => {
  it.each([
    {
      text: 'emails[type eq "work"].value',
      tokens: [
        ["word", "emails", 0],
        ["[", "[", 6],
        ["word", "type", 7],
        ["word", "eq", 12],
        ["string", "work", 15],
        ["]", "]", 21],
        ["word", ".value", 22],
      ],
    },
    {
      text: 'not(a pr)or"x\\"y"',
      tokens: [
        ["word", "not", 0],
        ["(", "(", 3],
        ["word", "a", 4],
        ["word", "pr", 6],
        [")", ")", 8],
        ["word", "or", 9],
        ["string", 'x"y', 11],
      ],
    },
    { text: " \t\r\n", tokens: [] },
    { text: '"\\ud83d\\ude00"', tokens: [["string", "😀", 0]] },
  ])("splits $text", ({ text, tokens }) => {
    const actual = tokenize(text, "invalidFilter").map((t) => [
      t.kind,
      t.text,
      t.start,
    ]);

    expect(actual).toEqual(tokens);
  });

  it.each([
    { text: '"abc', detail: /Unterminated string starting at position 1/ },
    { text: 'a eq "x\\', detail: /Unterminated string starting at position 6/ },
    { text: 'a eq "\\q"', detail: /Invalid string at position 6/ },
    { text: '"\u0001"', detail: /Invalid string/ },
  ])("rejects $text", ({ text, detail }) => {
    expect(() => tokenize(text, "invalidPath")).toThrow(
      expect.objectContaining({
        status: 400,
        scimType: "invalidPath",
        detail: expect.stringMatching(detail),
      }),
    );
  });
});
