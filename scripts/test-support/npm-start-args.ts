import { readFileSync } from "node:fs";

/**
 * The node arguments of package.json's `start` script (its heap cap and the
 * bundled server, scripts/build-server.ts), so that tests and the benchmark
 * start the app exactly as `npm start` does.
 */
export function npmStartArgs(): string[] {
  const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as {
    scripts: { start: string };
  };
  const [command, ...args] = scripts.start.split(/\s+/);
  if (command !== "node") {
    throw new Error(`npm start is expected to run node: ${scripts.start}`);
  }

  return args;
}
