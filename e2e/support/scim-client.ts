import { nextBaseUrl } from "./test-db";

export interface ScimResult {
  status: number;
  headers: Headers;
  json: Record<string, unknown> | null;
  text: string;
}

/** Sends one request to the SCIM API exactly as given: path, headers, raw body. */
export async function scimRequest(
  method: string,
  path: string,
  options: {
    token?: string | null;
    authorization?: string;
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<ScimResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorization !== undefined)
    headers.Authorization = options.authorization;
  else if (options.token) headers.Authorization = `Bearer ${options.token}`;

  const response = await fetch(`${nextBaseUrl()}/api/scim/v2${path}`, {
    method,
    headers,
    body: options.body,
  });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    json = null;
  }

  return { status: response.status, headers: response.headers, json, text };
}

export function jsonBody(value: unknown) {
  return {
    body: JSON.stringify(value),
    headers: { "Content-Type": "application/scim+json" },
  };
}
