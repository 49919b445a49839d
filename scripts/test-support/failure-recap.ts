import { existsSync, readFileSync } from "node:fs";

/**
 * The failing tests of a run, read from the suites' JSON reports, so the
 * last lines `npm test` prints say what failed even when the server log and
 * the reporters' own output scroll past (CI may show only the tail).
 */

interface Failure {
  suite: string;
  title: string;
  message: string;
}

interface VitestReport {
  testResults?: {
    name: string;
    status: string;
    message?: string;
    assertionResults?: {
      fullName: string;
      status: string;
      failureMessages?: string[];
    }[];
  }[];
}

interface PlaywrightSuite {
  title: string;
  suites?: PlaywrightSuite[];
  specs?: {
    title: string;
    tests: { results: { status: string; error?: { message?: string } }[] }[];
  }[];
}

function readJson<T>(file: string): T | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

function vitestFailures(suite: string, file: string): Failure[] {
  const report = readJson<VitestReport>(file);
  const failures: Failure[] = [];
  for (const result of report?.testResults ?? []) {
    const failed = (result.assertionResults ?? []).filter(
      (test) => test.status === "failed",
    );
    for (const test of failed)
      failures.push({
        suite,
        title: `${result.name}: ${test.fullName}`,
        message: test.failureMessages?.join("\n") ?? "",
      });
    if (result.status === "failed" && failed.length === 0)
      failures.push({
        suite,
        title: result.name,
        message: result.message ?? "",
      });
  }

  return failures;
}

function playwrightFailures(suite: string, file: string): Failure[] {
  const report = readJson<{ suites?: PlaywrightSuite[] }>(file);
  const failures: Failure[] = [];
  const walk = (node: PlaywrightSuite, path: string[]) => {
    for (const spec of node.specs ?? []) {
      const results = spec.tests.flatMap((test) => test.results);
      const last = results.at(-1);
      if (last && last.status !== "passed" && last.status !== "skipped")
        failures.push({
          suite,
          title: [...path, spec.title].filter(Boolean).join(" › "),
          message: last.error?.message ?? last.status,
        });
    }
    for (const child of node.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const root of report?.suites ?? []) walk(root, [root.title]);

  return failures;
}

// Escape codes the reporters put in messages would garble a plain log.
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "");

/** Lines naming each failed test with the head of its message. */
export function failureRecap(
  reports: { suite: string; file: string; kind: "vitest" | "playwright" }[],
): string[] {
  const failures = reports.flatMap(({ suite, file, kind }) =>
    kind === "vitest"
      ? vitestFailures(suite, file)
      : playwrightFailures(suite, file),
  );

  return failures.slice(0, 20).flatMap((failure) => [
    `[${failure.suite}] ${failure.title}`,
    ...plain(failure.message)
      .split("\n")
      .filter(
        (line) =>
          line.trim() !== "" && !/node_modules|node:internal/.test(line),
      )
      .slice(0, 8)
      .map((line) => `    ${line.slice(0, 240)}`),
  ]);
}
