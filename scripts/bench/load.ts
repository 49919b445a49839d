import autocannon, { type Request } from "autocannon";

export interface LoadOptions {
  url: string;
  token?: string;
  connections: number;
  duration: number;
  method?: "GET" | "POST" | "PATCH";
  /** Called once per request: the path (and body) of that request. */
  next: () => { path: string; body?: string };
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** How many answers had each status other than 2xx, e.g. { "503": 2 }. */
  otherStatuses: Record<string, number>;
  /** CPU milliseconds per request of the server process and of PostgreSQL. */
  serverCpuMs?: number;
  dbCpuMs?: number;
}

/** Runs one autocannon scenario and keeps the figures the report needs. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const headers: Record<string, string> = {
    "content-type": "application/scim+json",
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const request: Request = {
    method: options.method ?? "GET",
    setupRequest: (req) => {
      const { path, body } = options.next();

      return { ...req, path, ...(body === undefined ? {} : { body }) };
    },
  };
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    headers,
    requests: [request],
    timeout: 10,
  });

  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    otherStatuses: Object.fromEntries(
      Object.entries(
        (result.statusCodeStats ?? {}) as Record<string, { count: number }>,
      )
        .filter(([status]) => !status.startsWith("2"))
        .map(([status, { count }]) => [status, count]),
    ),
  };
}

export function formatResult(label: string, r: LoadResult) {
  return [
    label.padEnd(34),
    `${r.requestsPerSecond.toFixed(0).padStart(6)} req/s`,
    `p50 ${r.p50.toFixed(1).padStart(6)} ms`,
    `p99 ${r.p99.toFixed(1).padStart(6)} ms`,
    `${String(r.requests).padStart(6)} requests`,
    `errors ${r.errors} (timeouts ${r.timeouts})`,
    `non-2xx ${r.non2xx}${
      r.non2xx > 0 ? ` ${JSON.stringify(r.otherStatuses)}` : ""
    }`,
    ...(r.serverCpuMs === undefined
      ? []
      : [`cpu/request: server ${(r.serverCpuMs * 1000).toFixed(0)} µs`]),
    ...(r.dbCpuMs === undefined
      ? []
      : [`db ${(r.dbCpuMs * 1000).toFixed(0)} µs`]),
  ].join("  ");
}
