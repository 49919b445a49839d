import { cpSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { build } from "esbuild";

/** Where `npm run build` puts the server that `npm start` runs. */
export const SERVER_DIR = path.resolve(".next/roster");

/**
 * `npm start`'s server as one JavaScript file (decision 0022): the node:http
 * front, the SCIM engine and the database layer bundled from scripts/start.ts,
 * packages left to node_modules, migrations copied beside it (db/migrate.ts
 * finds them next to itself). Running the TypeScript through tsx instead kept
 * about 120 MB of the loader's in every instance.
 */
export async function buildServer() {
  rmSync(SERVER_DIR, { recursive: true, force: true });
  await build({
    entryPoints: ["scripts/start.ts"],
    outfile: path.join(SERVER_DIR, "start.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  cpSync("db/migrations", path.join(SERVER_DIR, "migrations"), {
    recursive: true,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await buildServer();
}
