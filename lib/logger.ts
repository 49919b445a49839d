import pino from "pino";

// Structured logs hold ids, never tokens, passwords, emails or bodies
// (DESIGN.md, architecture). The redact list is a safety net, not the rule.
export const logger = pino({
  level:
    process.env.LOG_LEVEL ??
    (process.env.NODE_ENV === "test" ? "warn" : "info"),
  base: { service: "roster" },
  redact: {
    paths: [
      "authorization",
      "token",
      "password",
      "email",
      "*.authorization",
      "*.token",
      "*.password",
      "*.email",
    ],
    censor: "[redacted]",
  },
});

export type Logger = typeof logger;

/**
 * `parent.child(bindings)`, created when first used: most SCIM requests log
 * nothing, and creating a child serialises its bindings every time.
 */
export function lazyChild(
  parent: Logger,
  bindings: Record<string, unknown>,
): Logger {
  let child: Logger | undefined;

  return new Proxy({} as Logger, {
    get(_target, property) {
      child ??= parent.child(bindings);
      const value: unknown = Reflect.get(child, property, child);

      return typeof value === "function" ? value.bind(child) : value;
    },
  });
}
