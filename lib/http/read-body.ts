import { LARGE_BODY_BYTES } from "./large-body-gate";

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

/** Reads a request body as UTF-8, refusing more than `limit` bytes. */
export async function readBoundedBody(
  request: Request,
  limit = MAX_BODY_BYTES,
): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new BodyTooLargeError();
  if (!request.body) return null;

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }

  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The same for a node:http request (the SCIM front): the declared length is
 * checked first, then the bytes as they arrive. A body of more than
 * `LARGE_BODY_BYTES` is decoded only after `admitLarge` resolves
 * (lib/http/large-body-gate.ts); a slow sender holds no slot meanwhile.
 */
export async function readBoundedNodeBody(
  request: AsyncIterable<Buffer> & {
    headers: Record<string, string | string[] | undefined>;
    resume: () => unknown;
  },
  limit = MAX_BODY_BYTES,
  admitLarge: () => Promise<void> = async () => {},
): Promise<string> {
  const declared = Number(request.headers["content-length"] ?? "0");
  if (declared > limit) throw new BodyTooLargeError();

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.byteLength;
    if (size > limit) {
      // Drain the rest unread so the answer reaches the client.
      request.resume();
      throw new BodyTooLargeError();
    }
    chunks.push(chunk);
  }
  if (size > LARGE_BODY_BYTES) await admitLarge();

  return Buffer.concat(chunks).toString("utf8");
}
