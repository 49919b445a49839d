import type { InvitationPayload } from "@/db/queries/invitations";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** Where the email's button leads; null when the link was scrubbed. */
  link: string | null;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * The invitation a provisioned person receives. Workspace names come from
 * admins and people's names from IdPs, so everything is escaped in HTML.
 */
export function renderInvitation(input: {
  payload: InvitationPayload;
  recipientName: string;
  workspaceName: string;
  workspaceSlug: string;
}): RenderedEmail {
  const { payload, workspaceName } = input;
  const isSetPassword = payload.kind === "set_password";
  const link = isSetPassword
    ? payload.secret
      ? `${payload.origin}/invite/${payload.secret}`
      : null
    : `${payload.origin}/w/${encodeURIComponent(input.workspaceSlug)}`;
  const greeting = input.recipientName
    ? `Hello ${input.recipientName},`
    : "Hello,";
  const intro = `Your organisation's identity provider added you to the workspace "${workspaceName}" on Roster.`;
  const action = isSetPassword
    ? "Set a password to open it. The link works once and expires on " +
      `${(payload.expiresAt ?? "").slice(0, 10)}.`
    : "Sign in with your existing Roster account to open it.";
  const button = isSetPassword ? "Set your password" : "Open the workspace";
  const missing = "The link has been used or removed.";

  const text = [greeting, "", intro, action, "", link ?? missing, ""].join(
    "\n",
  );
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    `<p>${escapeHtml(action)}</p>`,
    link
      ? `<p><a href="${escapeHtml(link)}">${escapeHtml(button)}</a></p>`
      : `<p>${escapeHtml(missing)}</p>`,
  ].join("\n");

  return {
    // A name with line breaks must not add mail headers.
    subject: `You have been added to ${workspaceName} on Roster`.replace(
      /[\r\n]+/g,
      " ",
    ),
    text,
    html,
    link,
  };
}
