/** The error code the sign-in form shows as "too many attempts". */
export const TOO_MANY_ATTEMPTS = "TooManyAttempts";
