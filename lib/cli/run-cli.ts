import { parseArgs } from "node:util";

import { z } from "zod";

import type { Database } from "@/db/client";
import { isAppError } from "@/lib/errors";

import { type CommandName, COMMANDS } from "./commands";

export const USAGE = `Usage: npm run roster -- <command> [--json]

  workspace create --name NAME --slug SLUG --plan free|team|enterprise [--owner EMAIL]
  user create --email EMAIL --name NAME --password PASSWORD
  member add --workspace SLUG --email EMAIL --role admin|editor|developer|reviewer
  token create --workspace SLUG [--label TEXT] [--expires-in-days 30|90|365|730]
  provisioning enable --workspace SLUG [--role admin|editor|developer|reviewer]
  provisioning disable --workspace SLUG`;

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export class UsageError extends Error {}

const text = { type: "string" } as const;
const OPTIONS = {
  name: text,
  slug: text,
  plan: text,
  owner: text,
  email: text,
  password: text,
  workspace: text,
  role: text,
  label: text,
  "expires-in-days": text,
  json: { type: "boolean" },
} as const;

/** Parses argv into a command and its validated options, or throws UsageError. */
export function parseCommand(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const name = parsed.positionals.slice(0, 2).join(" ");
  if (!(name in COMMANDS)) {
    throw new UsageError(
      name ? `Unknown command "${name}".` : "No command given.",
    );
  }
  if (parsed.positionals.length > 2) {
    throw new UsageError(`Unexpected argument "${parsed.positionals[2]}".`);
  }
  const { json, ...options } = parsed.values;
  const command = COMMANDS[name as CommandName];
  const allowed = Object.keys((command.schema as z.ZodObject).shape);
  const unknown = Object.keys(options).filter((k) => !allowed.includes(k));
  if (unknown.length)
    throw new UsageError(`Unknown option --${unknown[0]} for "${name}".`);

  const result = command.schema.safeParse(options);
  if (!result.success) {
    const issue = result.error.issues[0];
    const option = issue.path.join(".");
    const message =
      issue.code === "invalid_type" &&
      (options as Record<string, unknown>)[option] === undefined
        ? "is required"
        : issue.message;
    throw new UsageError(`--${option} ${message}.`);
  }

  return {
    name: name as CommandName,
    args: result.data,
    isJson: json === true,
  };
}

export async function runCommand(
  db: Database,
  parsed: ReturnType<typeof parseCommand>,
): Promise<CliResult> {
  try {
    const command = COMMANDS[parsed.name] as unknown as {
      run: (
        db: Database,
        args: unknown,
      ) => Promise<{ json: object; text: string }>;
    };
    const output = await command.run(db, parsed.args);

    return {
      exitCode: 0,
      stdout: parsed.isJson ? JSON.stringify(output.json) : output.text,
      stderr: "",
    };
  } catch (error) {
    if (!isAppError(error)) throw error;

    return {
      exitCode: 1,
      stdout: parsed.isJson
        ? JSON.stringify({
            error: { code: error.code, message: error.message },
          })
        : "",
      stderr: `Error: ${error.message}`,
    };
  }
}
