import type { HeaderReader } from "@/lib/http/public-origin";

export interface ScimHttpRequest {
  method: string;
  /** Path segments after /api/scim/v2, decoded, without empty ones. */
  segments: string[];
  query: URLSearchParams;
  headers: HeaderReader;
  /** The raw body, already bounded in size by the adapter. */
  bodyText: string | null;
  ip: string | null;
  baseUrl: string;
  requestId: string;
}

export interface ScimHttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** For the activity log when the method alone does not tell (deactivate). */
  operation?: "update" | "deactivate" | "reactivate";
  /** For the activity log when the answer has no resource (DELETE's 204). */
  subject?: string;
}

export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";
