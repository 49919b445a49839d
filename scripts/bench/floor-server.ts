import { createServer } from "node:http";

import postgres from "postgres";

/**
 * The floor: the least an HTTP server can do to answer a SCIM userName lookup
 * from the same table and index as Roster — no framework, no authentication,
 * no rate limit, one query. Run as a child process by scripts/bench.ts.
 * Env: DATABASE_URL, FLOOR_WORKSPACE_ID, FLOOR_PORT, DATABASE_POOL_SIZE.
 */
const sql = postgres(process.env.DATABASE_URL!, {
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  fetch_types: false,
});
const workspaceId = process.env.FLOOR_WORKSPACE_ID!;
const USER_NAME_EQ = /^userName eq "(.*)"$/;

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? "/", "http://floor");
  const userName = USER_NAME_EQ.exec(url.searchParams.get("filter") ?? "")?.[1];
  if (userName === undefined) {
    response.writeHead(400).end();

    return;
  }
  try {
    const rows = await sql`
      select id, user_name, external_id, active, display_name, resource,
             created_at, updated_at, version
      from scim_users
      where workspace_id = ${workspaceId} and lower(user_name) = lower(${userName})`;
    const body = JSON.stringify({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: rows.length,
      Resources: rows.map((row) => ({
        id: row.id,
        userName: row.user_name,
        externalId: row.external_id,
        active: row.active,
        ...row.resource,
        meta: { created: row.created_at, lastModified: row.updated_at },
      })),
    });
    response.writeHead(200, { "Content-Type": "application/scim+json" });
    response.end(body);
  } catch {
    response.writeHead(500).end();
  }
});

server.listen(Number(process.env.FLOOR_PORT), "127.0.0.1", () => {
  process.send?.("listening");
});
process.on("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 2 }).finally(() => process.exit(0));
});
