import { badRequest, type ScimType } from "../errors";

// Splits a filter or PATCH path into words, JSON strings and the four
// brackets. Words are anything between delimiters (attribute paths,
// operators, keywords, numbers, true/false/null); the parser decides what
// each one is, so a bad character surfaces as a bad word with its position.

export type TokenKind = "word" | "string" | "(" | ")" | "[" | "]";

export interface Token {
  kind: TokenKind;
  /** The word as written, or the decoded value of a string. */
  text: string;
  /** Offsets into the source, end exclusive. */
  start: number;
  end: number;
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const BRACKETS = new Set(["(", ")", "[", "]"]);

const isDelimiter = (char: string) =>
  WHITESPACE.has(char) || BRACKETS.has(char) || char === '"';

/** Positions in error details are 1-based character offsets. */
export const describePosition = (offset: number) => `position ${offset + 1}`;

export function tokenize(text: string, errorType: ScimType): Token[] {
  const tokens: Token[] = [];
  let i = 0;

  while (i < text.length) {
    const char = text[i];
    if (WHITESPACE.has(char)) {
      i += 1;
    } else if (BRACKETS.has(char)) {
      tokens.push({
        kind: char as TokenKind,
        text: char,
        start: i,
        end: i + 1,
      });
      i += 1;
    } else if (char === '"') {
      const token = readString(text, i, errorType);
      tokens.push(token);
      i = token.end;
    } else {
      let end = i;
      while (end < text.length && !isDelimiter(text[end])) end += 1;
      tokens.push({ kind: "word", text: text.slice(i, end), start: i, end });
      i = end;
    }
  }

  return tokens;
}

// RFC 7644 §3.4.2.2: string values are JSON strings (RFC 8259 §7), so the
// JSON parser itself decodes the escapes and rejects raw control characters.
function readString(text: string, start: number, errorType: ScimType): Token {
  let end = start + 1;
  while (end < text.length && text[end] !== '"') {
    end += text[end] === "\\" ? 2 : 1;
  }
  if (end >= text.length) {
    throw badRequest(
      errorType,
      `Unterminated string starting at ${describePosition(start)}.`,
    );
  }

  const raw = text.slice(start, end + 1);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw badRequest(
      errorType,
      `Invalid string at ${describePosition(start)}: use JSON escapes ` +
        `(\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) and no raw ` +
        `control characters.`,
    );
  }

  return { kind: "string", text: String(value), start, end: end + 1 };
}
