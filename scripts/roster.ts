import { connect } from "../db/connect";
import { migrateDatabase } from "../db/migrate";
import {
  parseCommand,
  runCommand,
  USAGE,
  UsageError,
} from "../lib/cli/run-cli";

const argv = process.argv.slice(2);
const isJson = argv.includes("--json");

function fail(message: string, exitCode: number, code = "usage"): never {
  if (isJson) console.log(JSON.stringify({ error: { code, message } }));
  console.error(`Error: ${message}`);
  if (code === "usage") console.error(`\n${USAGE}`);
  process.exit(exitCode);
}

if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
  console.error(USAGE);
  process.exit(argv.length === 0 ? 2 : 0);
}

let parsed;
try {
  parsed = parseCommand(argv);
} catch (error) {
  if (error instanceof UsageError) fail(error.message, 2);
  throw error;
}

const connection = await connect().catch((error: Error) =>
  fail(
    `Cannot reach the database: ${error.message}`,
    1,
    "database_unavailable",
  ),
);
try {
  // The embedded database is the developer's own; keep it migrated. A real
  // DATABASE_URL is migrated once per deploy with `npm run db:migrate`.
  if (connection.isEmbedded) await migrateDatabase(connection.db);
  const result = await runCommand(connection.db, parsed);
  if (result.stdout) console.log(result.stdout);
  if (result.stderr) console.error(result.stderr);
  process.exitCode = result.exitCode;
} catch (error) {
  const code = (error as { code?: string }).code;
  const message =
    code === "42P01"
      ? "The database has no Roster tables yet. Run `npm run db:migrate` first."
      : `Unexpected failure: ${(error as Error).message}`;
  if (isJson)
    console.log(JSON.stringify({ error: { code: "internal", message } }));
  console.error(`Error: ${message}`);
  process.exitCode = 1;
} finally {
  await connection.close();
}
