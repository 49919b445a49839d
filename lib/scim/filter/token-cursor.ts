import type { ScimError } from "../errors";
import { describePosition, type Token, type TokenKind } from "./tokenize";

/** Walks the tokens for the parser and words its "expected …" errors. */
export class TokenCursor {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly fail: (detail: string) => ScimError,
    /** "filter" or "path", for error details. */
    readonly what: string,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  previous(): Token {
    return this.tokens[this.index - 1];
  }

  take(expected: string): Token {
    const token = this.peek();
    if (!token) {
      throw this.fail(`Expected ${expected} at the end of the ${this.what}.`);
    }
    this.index += 1;

    return token;
  }

  takeWord(expected: string): Token {
    const token = this.take(expected);
    if (token.kind !== "word") throw this.unexpected(token, expected);

    return token;
  }

  /** Takes the next token if `accept` holds for it. */
  takeIf(accept: (token: Token) => boolean): Token | undefined {
    const token = this.peek();
    if (!token || !accept(token)) return undefined;
    this.index += 1;

    return token;
  }

  takeKeyword(keyword: string): boolean {
    return this.takeIf((token) => isKeyword(token, keyword)) !== undefined;
  }

  /** Takes `kind` only when it is written right after `before`, no space. */
  takeAdjacent(kind: TokenKind, before: Token): Token | undefined {
    return this.takeIf((t) => t.kind === kind && t.start === before.end);
  }

  unexpected(token: Token, expected: string): ScimError {
    const found = token.kind === "string" ? "a string" : `"${token.text}"`;

    return this.fail(`Expected ${expected} at ${at(token)}, found ${found}.`);
  }
}

export const at = (token: Token) => describePosition(token.start);

export const isKeyword = (token: Token, keyword: string) =>
  token.kind === "word" && token.text.toLowerCase() === keyword;
