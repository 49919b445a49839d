// RFC 7644 §3.12: the error schema and the scimType values it defines.
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

/** The one error type of the protocol core: a status, a scimType, a detail. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "ScimError";
  }

  toBody(): ScimErrorBody {
    return {
      schemas: [ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

export const badRequest = (scimType: ScimType, detail: string) =>
  new ScimError(400, detail, scimType);

export const notFound = (detail = "Resource not found.") =>
  new ScimError(404, detail);

export const conflict = (detail: string) =>
  new ScimError(409, detail, "uniqueness");

/** 503: the database is away or did not answer in time; IdPs retry. */
export const unavailable = () =>
  new ScimError(
    503,
    "The service is temporarily unavailable; retry shortly.",
    undefined,
    { "Retry-After": "5" },
  );

export function isScimError(error: unknown): error is ScimError {
  return error instanceof ScimError;
}
