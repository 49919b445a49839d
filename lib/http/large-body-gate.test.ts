import { describe, expect, it } from "vitest";

import { isScimError } from "@/lib/scim/errors";

import {
  createGate,
  createLargeBodies,
  LARGE_BODY_BYTES,
} from "./large-body-gate";
import {
  BodyTooLargeError,
  ClientGoneError,
  readBoundedNodeBody,
} from "./read-body";

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("createGate", () => {
  it("lets `slots` in at once and the others in the order they came", async () => {
    const gate = createGate(2, 10);
    const entered: string[] = [];
    const enter = (name: string) =>
      gate.enter().then((leave) => {
        entered.push(name);

        return leave;
      });

    const [a, b] = await Promise.all([enter("a"), enter("b")]);
    const c = enter("c");
    const d = enter("d");
    await turn();
    expect(entered).toEqual(["a", "b"]);

    b();
    await turn();
    expect(entered).toEqual(["a", "b", "c"]);
    // Leaving twice frees one slot, not two.
    b();
    await turn();
    expect(entered).toEqual(["a", "b", "c"]);

    a();
    (await c)();
    (await d)();
    // All slots free again: two enter at once.
    await Promise.all([enter("e"), enter("f")]);
    expect(entered).toEqual(["a", "b", "c", "d", "e", "f"]);
  });

  it("refuses with a 503 and Retry-After once `maxWaiting` wait", async () => {
    const gate = createGate(1, 2);
    const holder = await gate.enter();
    const waiting = [gate.enter(), gate.enter()];

    const refused = await gate.enter().catch((error: unknown) => error);

    expect(isScimError(refused)).toBe(true);
    expect(refused).toMatchObject({
      status: 503,
      headers: { "Retry-After": "1" },
    });
    holder();
    for (const next of waiting) (await next)();
  });
  it("refuses with a 503 a waiter whose turn has not come in `maxWaitMs`", async () => {
    const gate = createGate(1, 10, 20);
    const holder = await gate.enter();

    await expect(gate.enter()).rejects.toMatchObject({ status: 503 });
    // The waiter that gave up holds no place: the next one gets the slot.
    holder();
    (await gate.enter())();
  });
});

describe("readBoundedNodeBody with large bodies", () => {
  /** A node request stand-in: `size` bytes in two chunks. */
  const request = (size: number, { gone = false } = {}) => ({
    headers: {},
    resume: () => {},
    socket: { destroyed: false },
    async *[Symbol.asyncIterator]() {
      yield Buffer.alloc(size - 1, "x");
      yield Buffer.from("y");
      // The client leaves once its body is sent.
      this.socket.destroyed = gone;
    },
  });
  const bodies = (maxBytes = 16 * LARGE_BODY_BYTES) =>
    createLargeBodies({ slots: 1, maxWaiting: 10, maxBytes });

  it("holds a large body's bytes until released, and a small body's not", async () => {
    const large = bodies();
    const small = large.admission();
    await readBoundedNodeBody(request(LARGE_BODY_BYTES), undefined, small);
    expect(large.heldBytes()).toBe(0);

    const admission = large.admission();
    const text = await readBoundedNodeBody(
      request(LARGE_BODY_BYTES + 1),
      undefined,
      admission,
    );

    expect(text).toHaveLength(LARGE_BODY_BYTES + 1);
    expect(large.heldBytes()).toBe(LARGE_BODY_BYTES + 1);
    admission.release();
    admission.release();
    expect(large.heldBytes()).toBe(0);
  });

  it("waits for its turn while another large body holds it", async () => {
    const large = bodies();
    const first = large.admission();
    await readBoundedNodeBody(request(LARGE_BODY_BYTES + 1), undefined, first);

    let isRead = false;
    const second = readBoundedNodeBody(
      request(LARGE_BODY_BYTES + 1),
      undefined,
      large.admission(),
    ).then(() => (isRead = true));
    await turn();
    expect(isRead).toBe(false);

    first.release();
    await second;
    expect(isRead).toBe(true);
  });

  it("answers 503 past the byte budget, and keeps only what others hold", async () => {
    const large = bodies(2 * LARGE_BODY_BYTES);
    const first = large.admission();
    await readBoundedNodeBody(request(LARGE_BODY_BYTES + 1), undefined, first);
    const second = large.admission();

    await expect(
      readBoundedNodeBody(request(LARGE_BODY_BYTES + 10), undefined, second),
    ).rejects.toMatchObject({ status: 503, headers: { "Retry-After": "1" } });
    second.release();
    expect(large.heldBytes()).toBe(LARGE_BODY_BYTES + 1);
  });

  it("reads on only once its sender is vouched for, and asks once", async () => {
    const large = bodies();
    let asked = 0;
    const refused = Object.assign(new Error("no token"), { status: 401 });

    await readBoundedNodeBody(
      request(LARGE_BODY_BYTES),
      undefined,
      large.admission(async () => {
        asked++;
      }),
    );
    expect(asked).toBe(0);
    const admission = large.admission(async () => {
      asked++;
    });
    await readBoundedNodeBody(
      request(LARGE_BODY_BYTES + 1),
      undefined,
      admission,
    );
    expect(asked).toBe(1);
    admission.release();

    await expect(
      readBoundedNodeBody(
        request(LARGE_BODY_BYTES + 1),
        undefined,
        large.admission(async () => {
          throw refused;
        }),
      ),
    ).rejects.toBe(refused);
    expect(large.heldBytes()).toBe(0);
  });

  it("refuses a body over the limit as too large, not as a client gone", async () => {
    await expect(
      readBoundedNodeBody(request(LARGE_BODY_BYTES + 1), LARGE_BODY_BYTES),
    ).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("does not parse the body of a client that left before its turn", async () => {
    const large = bodies();

    await expect(
      readBoundedNodeBody(
        request(LARGE_BODY_BYTES + 1, { gone: true }),
        undefined,
        large.admission(),
      ),
    ).rejects.toBeInstanceOf(ClientGoneError);
  });
});
