// The app's errors outside the SCIM protocol: a closed set of codes with one
// table of HTTP statuses (CLI and settings actions show `message`).
export const APP_ERROR_STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  limit_reached: 409,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A PostgreSQL error's SQLSTATE, from the driver or wrapped by Drizzle. */
export function sqlStateOf(error: unknown): string | undefined {
  return (
    (error as { code?: string })?.code ??
    (error as { cause?: { code?: string } })?.cause?.code
  );
}

/** SQLSTATE 23505: a unique constraint refused the write. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === "23505";
}

export function constraintName(error: unknown): string | undefined {
  const e = error as {
    constraint_name?: string;
    cause?: { constraint_name?: string };
  };

  return e?.constraint_name ?? e?.cause?.constraint_name;
}
