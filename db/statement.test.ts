import { mkdtempSync } from "node:fs";
import { type AddressInfo, connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDatabase, canCopyInto, coalescingClientOf } from "./client";
import { openEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";
import { copyField, copyInto, onDriver, runStatement } from "./statement";

// Fixed statements go to the driver as tagged templates cut at their `$n`
// (decision 0018), and activity rows are copied in with COPY's text format
// (decision 0019). With DATABASE_URL (CI) this runs on PostgreSQL with
// prepared statements and COPY; without it on the embedded database.

let embedded: EmbeddedDatabase | undefined;
let handle: ReturnType<typeof createDatabase>;
const table = `statement_test_${process.pid}_${Date.now()}`;

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (url && process.env.ROSTER_EMBEDDED_DB !== "1") {
    handle = createDatabase(url);
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "roster-statement-"));
    embedded = await openEmbeddedDatabase(path.join(dir, "data"));
    handle = createDatabase(embedded.url, { embedded: true });
  }
  await handle.client.unsafe(
    `create table ${table} (n int, t text, j jsonb, u uuid)`,
  );
});

afterAll(async () => {
  await handle.client.unsafe(`drop table if exists ${table}`);
  await handle.close();
  await embedded?.stop();
});

describe("runStatement", () => {
  it("fills placeholders used twice and placeholders of two digits", async () => {
    const params = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"];
    const text = `select $1::text || $11::text || $1::text as first,
      $10::text || $2::text as second`;

    for (let run = 0; run < 3; run++) {
      expect(await runStatement(handle.db, text, params)).toEqual([
        { first: "aka", second: "jb" },
      ]);
    }
    expect(
      await runStatement(handle.db, text, ["x", ...params.slice(1)]),
    ).toEqual([{ first: "xkx", second: "jb" }]);
  });

  it("sends null, numbers, booleans and JSON text as the driver does", async () => {
    const [row] = await runStatement(
      handle.db,
      "select $1::int as n, $2::text as t, $3::boolean as b, $4::jsonb as j",
      // JSON goes as text: Drizzle's client serialises no objects.
      [7, null, true, JSON.stringify({ a: [1, "x"] })],
    );

    expect(row).toEqual({ n: 7, t: null, b: true, j: { a: [1, "x"] } });
  });
});

describe("copyField", () => {
  it("escapes what COPY's text format reads specially", () => {
    expect(copyField(null)).toBe("\\N");
    expect(copyField(undefined)).toBe("\\N");
    expect(copyField(42)).toBe("42");
    expect(copyField("plain")).toBe("plain");
    expect(copyField("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    expect(copyField("\\N")).toBe("\\\\N");
  });
});

describe("copyInto", () => {
  it("stores every value as it was", async (context) => {
    if (!canCopyInto(handle.db)) context.skip();
    const rows = [
      [1, "tab\there", { k: "line\nbreak \\ back" }, null],
      [2, "\\N", null, "5f0c4a4e-8a40-4bd4-9d1e-51b0f1b6c2d7"],
      [3, "\\.\n\\.", { é: "東京 \u{1F600}" }, null],
      [4, null, { quote: '"\r\n' }, null],
    ] as const;
    const data = rows
      .map(
        ([n, t, j, u]) =>
          `${[n, t, j === null ? null : JSON.stringify(j), u]
            .map(copyField)
            .join("\t")}\n`,
      )
      .join("");

    await copyInto(handle.db, `${table} (n, t, j, u)`, data);

    const stored = await handle.client.unsafe(
      `select n, t, j, u from ${table} order by n`,
    );
    expect(stored.map((r) => [r.n, r.t, r.j, r.u])).toEqual(
      rows.map((r) => [...r]),
    );
  });

  it("fails as a whole on a row PostgreSQL refuses", async (context) => {
    if (!canCopyInto(handle.db)) context.skip();
    const data = `10\tok\t\\N\t\\N\n11\tbad\tnot json\t\\N\n`;

    await expect(
      copyInto(handle.db, `${table} (n, t, j, u)`, data),
    ).rejects.toThrow();
    const stored = await handle.client.unsafe(
      `select count(*)::int as n from ${table} where n >= 10`,
    );
    expect(stored[0].n).toBe(0);
  });
});

describe("copyInto when the connection ends as the copy starts", () => {
  it(
    "rejects, and leaves no error uncaught",
    { timeout: 10_000 },
    async (context) => {
      if (!canCopyInto(handle.db)) context.skip();
      // PostgreSQL's "copy in" answer and a fatal error in one read, as when
      // the server stops just as a batch starts: the driver destroyed the
      // stream before copyInto listened, the copy never settled and the
      // error went uncaught (which fails this run).
      const proxy = await endingAfterCopyStarts(process.env.DATABASE_URL!);
      const viaProxy = createDatabase(proxy.url);
      try {
        const copying = copyInto(viaProxy.db, `${table} (n)`, "20\n");

        await expect(copying).rejects.toThrow(/terminating connection/);
        expect(proxy.copiesEnded()).toBe(1);
        const stored = await handle.client.unsafe(
          `select count(*)::int as n from ${table} where n = 20`,
        );
        expect(stored[0].n).toBe(0);
      } finally {
        await viaProxy.close();
        proxy.close();
      }
    },
  );
});

/**
 * A TCP proxy to PostgreSQL that, when the server answers a COPY with
 * CopyInResponse ('G'), sends the client that message and a fatal
 * ErrorResponse in one write and ends the connection.
 */
async function endingAfterCopyStarts(databaseUrl: string) {
  const target = new URL(databaseUrl);
  let copiesEnded = 0;
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.pipe(upstream);
    let pending = Buffer.alloc(0);
    upstream.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      let end = 0;
      while (pending.length - end >= 5) {
        const length = 1 + pending.readUInt32BE(end + 1);
        if (pending.length - end < length) break;
        const type = String.fromCharCode(pending[end]);
        end += length;
        if (type === "G") {
          copiesEnded++;
          client.end(Buffer.concat([pending.subarray(0, end), fatalError()]));
          upstream.destroy();
          return;
        }
      }
      client.write(pending.subarray(0, end));
      pending = pending.subarray(end);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as AddressInfo).port);

  return {
    url: url.toString(),
    copiesEnded: () => copiesEnded,
    close: () => server.close(),
  };
}

/** ErrorResponse: severity FATAL, SQLSTATE 57P01 (admin shutdown). */
function fatalError() {
  const fields = Buffer.from(
    "SFATAL\0VFATAL\0C57P01\0Mterminating connection due to administrator command\0\0",
  );
  const header = Buffer.alloc(5);
  header.write("E");
  header.writeUInt32BE(4 + fields.length, 1);

  return Buffer.concat([header, fields]);
}

describe("the lookups' coalescing pool (decision 0021)", () => {
  const plusOne = {
    toSQL: () => ({
      sql: "select $1::int + 1 as n",
      params: [sql.placeholder("n")],
    }),
  };

  it("answers every statement queued in one turn with its own rows", async () => {
    const run = onDriver(handle.db, plusOne, ([n]) => n as number, {
      coalesce: true,
    });

    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, n) => run({ n })),
    );

    expect(answers).toEqual(Array.from({ length: 200 }, (_, n) => [n + 1]));
  });

  it("leaves a read to the ordinary pool when it cannot reach the database", async (context) => {
    if (embedded) context.skip();
    const own = createDatabase(process.env.DATABASE_URL as string);
    const run = onDriver(own.db, plusOne, ([n]) => n as number, {
      coalesce: true,
    });
    expect(await run({ n: 1 })).toEqual([2]);

    // As after an outage, when this pool is still waiting to reconnect.
    await coalescingClientOf(own.db)!.end();

    expect(await run({ n: 2 })).toEqual([3]);
    await own.close();
  });

  it("exists on PostgreSQL only, and close() ends it with the other pool", async (context) => {
    if (embedded) {
      expect(coalescingClientOf(handle.db)).toBeUndefined();
      context.skip();
    }
    const own = createDatabase(process.env.DATABASE_URL as string);
    const coalescing = coalescingClientOf(own.db);
    expect(coalescing).toBeDefined();
    await coalescing!.unsafe("select 1");

    await own.close();

    await expect(coalescing!.unsafe("select 1")).rejects.toThrow();
    await expect(own.client.unsafe("select 1")).rejects.toThrow();
  });
});
