import { request as httpRequest } from "node:http";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import {
  type AppServer,
  startAppServer,
} from "../../scripts/test-support/app-servers";
import { createTestWorkspace, uniqueId } from "../support/fixtures";
import { baseUrl, closeTestDb } from "../support/test-db";

/**
 * Decision 0012: `npm start` answers /api/scim/v2 from a node:http front,
 * plain `next start` from the route handler. Both must answer alike; this
 * suite sends the same requests to the front (the suite's app, started by
 * `npm test` as `npm start` runs) and to a plain `next start` of the same
 * build over the same database, and compares what an IdP observes.
 */

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** node:http, not fetch: it sends any method and the path byte for byte. */
function send(
  base: string,
  method: string,
  path: string,
  options: {
    token?: string;
    body?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) {
    headers["Content-Type"] ??= "application/scim+json";
    headers["Content-Length"] = String(Buffer.byteLength(options.body));
  }

  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: Object.fromEntries(
            Object.entries(res.headers).map(([k, v]) => [k, String(v)]),
          ),
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

// What an IdP reads besides the body. Transport headers (Date, Connection,
// Keep-Alive, Content-Length or chunked, Next's Vary) may differ.
const OBSERVED = [
  "allow",
  "cache-control",
  "content-type",
  "etag",
  "location",
  "retry-after",
  "www-authenticate",
  "x-content-type-options",
];
const TRANSPORT = new Set([
  "connection",
  "content-length",
  "date",
  "keep-alive",
  "transfer-encoding",
  "vary",
]);

/** The answer with each server's own origin and per-resource values replaced. */
function observed(answer: Answer, base: string, replace: [string, string][]) {
  const clean = (text: string) => {
    let out = text.split(base).join("BASE");
    for (const [from, to] of replace) out = out.split(from).join(to);

    return out
      .replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, "UUID")
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "TIME")
      .replace(/W\/\\?"[^"\\]*\\?"/g, "VERSION");
  };
  const headers = Object.fromEntries(
    OBSERVED.filter((name) => answer.headers[name] !== undefined).map(
      (name) => [name, clean(answer.headers[name])],
    ),
  );
  const others = Object.keys(answer.headers).filter(
    (name) => !OBSERVED.includes(name) && !TRANSPORT.has(name),
  );

  return { status: answer.status, headers, others, body: clean(answer.text) };
}

let plain: AppServer | undefined;
let front: string;
const plainUrl = () => plain!.baseUrl;

beforeAll(async () => {
  front = baseUrl();
  // `next start` chooses its own NODE_ENV (vitest sets "test").
  const env: Record<string, string | undefined> = { ...process.env };
  env.NODE_ENV = undefined;
  plain = await startAppServer(env, "ignore", { plainNext: true });
}, 180_000);

afterAll(async () => {
  plain?.stop();
  await closeTestDb();
});

const SCIM = "/api/scim/v2";

describe("the SCIM front answers as the route handler does", () => {
  test("stateless requests: discovery, auth refusals, bad input, HEAD, OPTIONS", async () => {
    const { token } = await createTestWorkspace();
    const huge = JSON.stringify({ userName: "x".repeat(1024 * 1024 + 10) });
    const cases: [string, string, Parameters<typeof send>[3]][] = [
      ["GET", "/Users", {}],
      ["GET", "/Users", { headers: { Authorization: "Basic abc" } }],
      ["GET", "/Users", { headers: { Authorization: "Bearer roster_scim_x" } }],
      ["GET", "/ServiceProviderConfig", { token }],
      ["GET", "/ResourceTypes", { token }],
      ["GET", "/Schemas", { token }],
      ["HEAD", "/ServiceProviderConfig", { token }],
      ["OPTIONS", "/Users", {}],
      ["GET", "/Nope", { token }],
      ["GET", "", { token }],
      [
        "GET",
        "/users?filter=userName%20eq%20%22nobody%40example.com%22",
        { token },
      ],
      ["GET", "/Users?filter=userName%20zz%20%22x%22", { token }],
      ["GET", "/Users?startIndex=abc", { token }],
      ["GET", "/Users/6f1c1f0e-0000-4000-8000-000000000000", { token }],
      ["GET", "/Users/", { token }],
      ["PUT", "/Users", { token, body: "{}" }],
      ["POST", "/Users", { token, body: "{not json" }],
      ["POST", "/Users", { token, body: "" }],
      ["POST", "/Users", { token, body: huge }],
      ["POST", "/Users", { token, body: JSON.stringify({ userName: "" }) }],
      ["PATCH", "/Groups/not-a-uuid", { token, body: "{}" }],
    ];
    for (const [method, path, options] of cases) {
      const [a, b] = await Promise.all([
        send(front, method, SCIM + path, options),
        send(plainUrl(), method, SCIM + path, options),
      ]);
      expect(
        observed(a, front, []),
        `${method} ${path} through the front`,
      ).toEqual(observed(b, plainUrl(), []));
    }
  });

  test("bodies over 64 KiB sent at once take turns, and each gets its own answer", async () => {
    const { token } = await createTestWorkspace();
    const id = uniqueId();
    // Twelve valid creates of about 100 KB each (JSON may carry any
    // whitespace; what is stored is a few hundred bytes).
    const bodies = Array.from(
      { length: 12 },
      (_, n) =>
        `${" ".repeat(100_000)}${JSON.stringify({
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
          userName: `large-${n}-${id}@example.com`,
        })}`,
    );
    expect(bodies[0].length).toBeGreaterThan(64 * 1024);

    const answers = await Promise.all(
      bodies.map((body) =>
        send(front, "POST", `${SCIM}/Users`, { token, body }),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 201));
    expect(
      answers.map((a) => (JSON.parse(a.text) as { userName: string }).userName),
    ).toEqual(bodies.map((_, n) => `large-${n}-${id}@example.com`));
  });

  test("a body over 64 KiB from a sender without a usable token gets 401, as the route handler answers", async () => {
    const body = `${" ".repeat(100_000)}{"userName":"nobody@example.com"}`;
    const senders: Record<string, string>[] = [
      {},
      { Authorization: "Bearer roster_scim_not-a-token" },
    ];
    for (const headers of senders) {
      const [a, b] = await Promise.all([
        send(front, "POST", `${SCIM}/Users`, { body, headers }),
        send(plainUrl(), "POST", `${SCIM}/Users`, { body, headers }),
      ]);

      expect(a.status).toBe(401);
      expect(observed(a, front, [])).toEqual(observed(b, plainUrl(), []));
    }
  });

  test("a user's lifecycle: create, read, filter, If-Match, deactivate, delete", async () => {
    const { token } = await createTestWorkspace();
    const id = uniqueId();
    const userNames = [`front-${id}@example.com`, `plain-${id}@example.com`];
    const bases = [front, plainUrl()];
    const step = async (
      method: string,
      paths: [string, string],
      options: Parameters<typeof send>[3][],
      replace: [string, string][][],
    ) => {
      const answers = await Promise.all(
        bases.map((base, i) => send(base, method, SCIM + paths[i], options[i])),
      );
      const [a, b] = answers.map((answer, i) =>
        observed(answer, bases[i], replace[i]),
      );
      expect(a, `${method} ${paths[0]} through the front`).toEqual(b);

      return answers;
    };
    const userBody = (userName: string) =>
      JSON.stringify({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName,
        externalId: userName,
        name: { givenName: "Ada", familyName: "Front" },
        emails: [{ value: userName, type: "work", primary: true }],
        active: true,
      });
    const names: [string, string][][] = userNames.map((n) => [[n, "USERNAME"]]);

    const created = await step(
      "POST",
      ["/Users", "/Users"],
      userNames.map((n) => ({ token, body: userBody(n) })),
      names,
    );
    expect(created[0].status).toBe(201);
    const ids = created.map((c) => JSON.parse(c.text).id as string);
    const replace = ids.map((userId, i) => [[userId, "ID"], ...names[i]]) as [
      string,
      string,
    ][][];
    const paths = ids.map((userId) => `/Users/${userId}`) as [string, string];

    // The same resource read through both: byte-identical but for the origin.
    const [a, b] = await Promise.all(
      bases.map((base) => send(base, "GET", `${SCIM}${paths[0]}`, { token })),
    );
    expect(observed(a, front, [])).toEqual(observed(b, plainUrl(), []));
    expect(a.headers.etag).toBe(b.headers.etag);

    await step("GET", paths, [{ token }, { token }], replace);
    await step(
      "GET",
      userNames.map(
        (n) =>
          `/Users?filter=${encodeURIComponent(`userName eq "${n.toUpperCase()}"`)}`,
      ) as [string, string],
      [{ token }, { token }],
      replace,
    );
    await step(
      "PATCH",
      paths,
      [0, 1].map(() => ({
        token,
        headers: { "If-Match": 'W/"stale"' },
        body: JSON.stringify({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "replace", value: { active: false } }],
        }),
      })),
      replace,
    );
    const deactivated = await step(
      "PATCH",
      paths,
      [0, 1].map(() => ({
        token,
        body: JSON.stringify({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "replace", value: { active: false } }],
        }),
      })),
      replace,
    );
    expect(deactivated[0].status).toBe(200);
    expect(JSON.parse(deactivated[0].text).active).toBe(false);
    await step(
      "POST",
      ["/Users", "/Users"],
      userNames.map((n) => ({ token, body: userBody(n) })),
      names,
    );
    await step("DELETE", paths, [{ token }, { token }], replace);
    await step("GET", paths, [{ token }, { token }], replace);
  });

  test("groups: create and list", async () => {
    const { token } = await createTestWorkspace();
    const id = uniqueId();
    const groupNames = [`Front ${id}`, `Plain ${id}`];
    const bases = [front, plainUrl()];
    const created = await Promise.all(
      bases.map((base, i) =>
        send(base, "POST", `${SCIM}/Groups`, {
          token,
          body: JSON.stringify({
            schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            displayName: groupNames[i],
          }),
        }),
      ),
    );
    const groupIds = created.map((c) => JSON.parse(c.text).id as string);
    const replace = (i: number): [string, string][] => [
      [groupIds[i], "ID"],
      [groupNames[i], "NAME"],
    ];
    expect(created[0].status).toBe(201);
    expect(observed(created[0], front, replace(0))).toEqual(
      observed(created[1], plainUrl(), replace(1)),
    );

    const listed = await Promise.all(
      bases.map((base, i) =>
        send(
          base,
          "GET",
          `${SCIM}/Groups?filter=${encodeURIComponent(`displayName eq "${groupNames[i]}"`)}`,
          { token },
        ),
      ),
    );
    expect(observed(listed[0], front, replace(0))).toEqual(
      observed(listed[1], plainUrl(), replace(1)),
    );
  });
});

describe("what the front answers where Next.js would not answer in SCIM", () => {
  const expectScimError = (answer: Answer, status: number) => {
    expect(answer.status).toBe(status);
    expect(answer.headers["content-type"]).toBe(
      "application/scim+json; charset=utf-8",
    );
    expect(JSON.parse(answer.text)).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: String(status),
    });
  };

  test("unknown methods get 405 with Allow", async () => {
    const { token } = await createTestWorkspace();
    for (const method of ["TRACE", "PROPFIND", "MKCOL", "PURGE"]) {
      const answer = await send(front, method, `${SCIM}/Users`, { token });
      expectScimError(answer, 405);
      expect(answer.headers.allow).toBe(
        "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
      );
    }
  });

  test("a path that is not validly percent-encoded gets 400 invalidValue", async () => {
    const { token } = await createTestWorkspace();
    for (const path of ["/Users/%E0%A4%A", "/Users/%zz", "/Gr%oups"]) {
      const answer = await send(front, "GET", SCIM + path, { token });
      expectScimError(answer, 400);
      expect(JSON.parse(answer.text).scimType).toBe("invalidValue");
    }
  });

  test("double slashes read as one, not a redirect", async () => {
    const { token } = await createTestWorkspace();
    const single = await send(front, "GET", `${SCIM}/Users?count=1`, { token });
    for (const path of ["//Users?count=1", "/Users//?count=1"]) {
      const answer = await send(front, "GET", SCIM + path, { token });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toEqual(JSON.parse(single.text));
    }
    const created = await send(front, "POST", `${SCIM}//Users`, {
      token,
      body: JSON.stringify({ userName: `slash-${uniqueId()}@example.com` }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toMatch(
      /\/api\/scim\/v2\/Users\/[0-9a-f-]{36}$/,
    );
  });

  test("an over-long URL gets 414", async () => {
    const { token } = await createTestWorkspace();
    const filter = encodeURIComponent(`userName eq "${"a".repeat(9000)}"`);
    const answer = await send(front, "GET", `${SCIM}/Users?filter=${filter}`, {
      token,
    });
    expectScimError(answer, 414);
  });

  test("pages and other routes still reach Next.js", async () => {
    const signin = await send(front, "GET", "/signin");
    expect(signin.status).toBe(200);
    expect(signin.headers["content-type"]).toMatch(/text\/html/);
    expect(signin.headers["x-frame-options"]).toBe("DENY");
    // Only the exact prefix is SCIM; a look-alike path is Next's 404 page.
    const other = await send(front, "GET", "/api/scim/v2x/Users");
    expect(other.status).toBe(404);
    expect(other.headers["content-type"]).not.toMatch(/scim/);
  });
});
