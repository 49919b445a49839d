/** Only same-site paths are followed after sign-in, never another origin. */
export function safeReturnPath(candidate: string | undefined | null): string {
  if (
    !candidate ||
    !candidate.startsWith("/") ||
    candidate.startsWith("//") ||
    candidate.includes("\\")
  ) {
    return "/";
  }

  return candidate;
}
