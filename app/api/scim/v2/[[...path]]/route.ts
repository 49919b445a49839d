import { getDb } from "@/db";
import { answerScimRequest } from "@/lib/scim-api/answer-scim-request";
import { toScimHttpRequest } from "@/lib/scim-api/to-http-request";

export const dynamic = "force-dynamic";

// `npm start` serves /api/scim/v2 from the node:http front
// (lib/http/scim-front.ts, decision 0012); this route serves it under plain
// `next dev` / `next start`. Both run answerScimRequest, so they answer alike.
async function handle(request: Request): Promise<Response> {
  const { status, headers, body } = await answerScimRequest(getDb(), () =>
    toScimHttpRequest(request),
  );

  return new Response(body, { status, headers });
}

export {
  handle as DELETE,
  handle as GET,
  handle as PATCH,
  handle as POST,
  handle as PUT,
};
