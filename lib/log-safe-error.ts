interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  constraint_name?: string;
  stack?: string;
  cause?: unknown;
}

/**
 * What an unexpected error may put in the log. Drizzle's messages carry the
 * query parameters and PostgreSQL's `detail` the conflicting values (emails,
 * bodies), so only names, codes, the first message line and the stack frames
 * are kept.
 */
export function safeError(error: unknown, depth = 0): Record<string, unknown> {
  const e = (error ?? {}) as ErrorLike;
  const firstLine = (text: string | undefined) =>
    text?.split("\n")[0]?.slice(0, 200);

  return {
    name: e.name,
    code: e.code,
    constraint: e.constraint_name,
    message: firstLine(e.message)?.replace(/^Failed query:.*/, "Failed query"),
    stack: e.stack
      ?.split("\n")
      .filter((line) => line.trimStart().startsWith("at "))
      .slice(0, 8)
      .join("\n"),
    ...(e.cause && depth < 3 ? { cause: safeError(e.cause, depth + 1) } : {}),
  };
}
