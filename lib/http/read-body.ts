import { type LargeBodyAdmission, LARGE_BODY_BYTES } from "./large-body-gate";

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

/** Bytes that are not UTF-8 (RFC 8259 §8.1: JSON between systems is). */
export class BodyNotUtf8Error extends Error {}

/** The client closed its connection before its body was read or answered. */
export class ClientGoneError extends Error {}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decode(chunks: Uint8Array[]): string {
  try {
    return utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new BodyNotUtf8Error();
  }
}

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

  return decode(chunks);
}

/** What readBoundedNodeBody needs of a node:http request. */
export type NodeBodySource = AsyncIterable<Buffer> & {
  headers: Record<string, string | string[] | undefined>;
  resume: () => unknown;
  /** The connection; the request stream itself ends destroyed when read. */
  socket?: { destroyed: boolean };
};

/**
 * The same for a node:http request (the SCIM front): the declared length is
 * checked first, then the bytes as they arrive. Past `LARGE_BODY_BYTES`
 * the body reads on only as `large` takes its bytes (its sender vouched
 * for, within the budget), and is decoded only when `large` lets it in
 * (lib/http/large-body-gate.ts).
 */
export async function readBoundedNodeBody(
  request: NodeBodySource,
  limit = MAX_BODY_BYTES,
  large?: LargeBodyAdmission,
): Promise<string> {
  const declared = Number(request.headers["content-length"] ?? "0");
  if (declared > limit) throw new BodyTooLargeError();

  const chunks: Buffer[] = [];
  let size = 0;
  let refusal: unknown;
  try {
    for await (const chunk of request) {
      size += chunk.byteLength;
      if (size > limit) refusal = new BodyTooLargeError();
      else if (large && size > LARGE_BODY_BYTES) {
        refusal = await large.take(size).then(
          () => undefined,
          (error: unknown) => error,
        );
      }
      if (refusal) {
        // Drain the rest unread so the answer reaches the client.
        request.resume();
        throw refusal;
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error === refusal) throw error;
    // The stream's own error: the client went away mid-body.
    if (request.socket?.destroyed) throw new ClientGoneError();
    throw error;
  }
  if (large && size > LARGE_BODY_BYTES) {
    await large.enter();
    // Its turn came after the client left: nobody waits for the answer.
    if (request.socket?.destroyed) throw new ClientGoneError();
  }

  return decode(chunks);
}
