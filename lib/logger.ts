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
