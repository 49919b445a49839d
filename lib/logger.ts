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

const LEVELS: ReadonlySet<string> = new Set([
  "fatal",
  "error",
  "warn",
  "info",
  "debug",
  "trace",
]);
type LevelMethod = (...args: unknown[]) => void;
const ignore: LevelMethod = () => {};

/**
 * A logger that adds `bindings` to every line, as `parent.child(bindings)`
 * does, without creating the child: most SCIM requests log nothing, and a
 * pino child serialises its bindings when created. A line of a level that
 * is off costs nothing; a line that is written carries the bindings merged
 * into its object. Anything else (`child`, `level`, …) is asked of a real
 * child, created on first use.
 */
export function lazyChild(
  parent: Logger,
  bindings: Record<string, unknown>,
): Logger {
  let child: Logger | undefined;

  return new Proxy({} as Logger, {
    get(_target, property) {
      if (property === "isLevelEnabled") {
        return (level: string) => parent.isLevelEnabled(level);
      }
      if (typeof property === "string" && LEVELS.has(property)) {
        if (!parent.isLevelEnabled(property)) return ignore;
        const write = Reflect.get(parent, property, parent) as LevelMethod;

        return (first: unknown, ...rest: unknown[]) =>
          Reflect.apply(write, parent, withBindings(bindings, first, rest));
      }
      child ??= parent.child(bindings);
      const value: unknown = Reflect.get(child, property, child);

      return typeof value === "function" ? value.bind(child) : value;
    },
  });
}

/** A pino call's arguments with `bindings` in its object, as a child adds them. */
function withBindings(
  bindings: Record<string, unknown>,
  first: unknown,
  rest: unknown[],
): unknown[] {
  if (first instanceof Error) return [{ ...bindings, err: first }, ...rest];
  if (typeof first === "object" && first !== null) {
    return [{ ...bindings, ...first }, ...rest];
  }

  return first === undefined ? [bindings, ...rest] : [bindings, first, ...rest];
}

/**
 * Lets one line through per `intervalMs` and counts those it holds back,
 * for failures that every request meets alike (a database outage): a line
 * a second with how many were left out, instead of one per request.
 */
export function logThrottle(intervalMs = 1_000) {
  let loggedAt = -Infinity;
  let held = 0;

  return (write: (notLogged: number) => void) => {
    const now = performance.now();
    if (now - loggedAt < intervalMs) {
      held++;
      return;
    }
    write(held);
    loggedAt = now;
    held = 0;
  };
}
