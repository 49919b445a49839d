import { Readable } from "node:stream";

import { describe, expect, it } from "vitest";

import { isScimError } from "@/lib/scim/errors";

import { createGate, LARGE_BODY_BYTES } from "./large-body-gate";
import { readBoundedNodeBody } from "./read-body";

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
});

describe("readBoundedNodeBody's turn for large bodies", () => {
  const request = (size: number, headers: Record<string, string> = {}) =>
    Object.assign(
      Readable.from(
        [Buffer.alloc(size - 1, "x"), Buffer.from("y")].filter((b) => b.length),
      ),
      { headers },
    );

  it("waits for its turn before decoding a large body, and not for a small one", async () => {
    let admitted = 0;
    const admit = async () => {
      admitted++;
    };

    await readBoundedNodeBody(request(LARGE_BODY_BYTES), undefined, admit);
    expect(admitted).toBe(0);
    const text = await readBoundedNodeBody(
      request(LARGE_BODY_BYTES + 1),
      undefined,
      admit,
    );
    expect(admitted).toBe(1);
    expect(text).toHaveLength(LARGE_BODY_BYTES + 1);
  });

  it("answers a refusal of its turn with that refusal", async () => {
    const gate = createGate(0, 0);

    await expect(
      readBoundedNodeBody(
        request(LARGE_BODY_BYTES + 1),
        undefined,
        async () => {
          await gate.enter();
        },
      ),
    ).rejects.toMatchObject({ status: 503 });
  });
});
