import { notFound } from "next/navigation";

import {
  requireSessionUser,
  requireWorkspaceMember,
} from "@/lib/auth/require-session";
import { isAppError } from "@/lib/errors";

/** Pages under /w/<slug>: signed in (else sign-in and back) and a member (else 404). */
export async function loadWorkspacePage(slug: string, returnTo: string) {
  const user = await requireSessionUser(returnTo);
  try {
    return { user, ...(await requireWorkspaceMember(user, slug)) };
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}
