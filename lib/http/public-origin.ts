const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:]+\])(?::\d{1,5})?$/i;

/** What reading a request's headers needs: a fetch `Headers` is one. */
export interface HeaderReader {
  get(name: string): string | null;
}

const first = (value: string | null) => value?.split(",")[0]?.trim() || null;

/**
 * The origin IdPs and admins should use: ROSTER_PUBLIC_URL when set, else the
 * request's (forwarded) host and protocol — accepted only when they look like
 * a host name and http(s), so a forged header cannot put another scheme or
 * markup into Location, meta.location or the page.
 */
export function publicOrigin(headers: HeaderReader, fallback?: URL): string {
  const configured = process.env.ROSTER_PUBLIC_URL;
  if (configured) return configured.replace(/\/$/, "");

  const host =
    [
      first(headers.get("x-forwarded-host")),
      headers.get("host"),
      fallback?.host ?? null,
    ].find(
      (candidate): candidate is string => !!candidate && HOST.test(candidate),
    ) ?? "localhost:3000";
  const forwarded = first(headers.get("x-forwarded-proto"))?.toLowerCase();
  const isLocal = /^(localhost|127\.|\[::1\])/.test(host);
  const protocol =
    forwarded === "http" || forwarded === "https"
      ? forwarded
      : (fallback?.protocol.replace(":", "") ?? (isLocal ? "http" : "https"));

  return `${protocol}://${host}`;
}

/** The client's address as the nearest proxy reports it, if well formed. */
export function clientIp(headers: HeaderReader): string | null {
  const ip = first(headers.get("x-forwarded-for")) ?? headers.get("x-real-ip");

  return ip && /^[0-9a-fA-F:.]{2,45}$/.test(ip) ? ip : null;
}
