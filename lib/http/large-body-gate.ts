import { ScimError } from "@/lib/scim/errors";

/** Bodies above this many bytes take turns; IdPs send a few kilobytes. */
export const LARGE_BODY_BYTES = 64 * 1024;

export interface Gate {
  /**
   * Resolves, once a slot is free, with the function that frees it again
   * (calling it twice frees one slot). Throws a 503 SCIM error when
   * `maxWaiting` requests are already waiting.
   */
  enter: () => Promise<() => void>;
}

const busy = () =>
  new ScimError(
    503,
    "Too many large requests are being handled; try again shortly.",
    undefined,
    { "Retry-After": "1" },
  );

/**
 * At most `slots` holders at once; the others wait in the order they came,
 * for at most `maxWaitMs` (then 503, as when `maxWaiting` already wait).
 */
export function createGate(
  slots: number,
  maxWaiting: number,
  maxWaitMs = Infinity,
): Gate {
  let held = 0;
  const waiting: (() => void)[] = [];
  const leave = () => {
    const next = waiting.shift();
    // The slot passes to the next in line, or is free again.
    if (next) next();
    else held--;
  };
  const ticket = () => {
    let isLeft = false;

    return () => {
      if (isLeft) return;
      isLeft = true;
      leave();
    };
  };

  return {
    async enter() {
      if (held < slots) {
        held++;

        return ticket();
      }
      if (waiting.length >= maxWaiting) throw busy();
      await new Promise<void>((resolve, reject) => {
        const turn = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = Number.isFinite(maxWaitMs)
          ? setTimeout(() => {
              waiting.splice(waiting.indexOf(turn), 1);
              reject(busy());
            }, maxWaitMs)
          : undefined;
        waiting.push(turn);
      });

      return ticket();
    },
  };
}

/** One request's large body: its sender vouched for, its bytes held, then its turn. */
export interface LargeBodyAdmission {
  /**
   * Holds the body's bytes, `size` of them so far. The first call asks
   * `vouch` whether its sender may hold any (it throws a 401, say); past
   * the budget it throws a 503 SCIM error.
   */
  take: (size: number) => Promise<void>;
  /** Waits for the body's turn to be decoded, parsed and answered. */
  enter: () => Promise<void>;
  /** Gives the bytes and the turn back (again: nothing). */
  release: () => void;
}

/**
 * Large bodies (over `LARGE_BODY_BYTES`) of a process: their bytes count
 * against `maxBytes` from the moment they pass 64 KiB until they are
 * answered, and at most `slots` are decoded, parsed and answered at once,
 * the others waiting in order (decision 0022).
 *
 * Fifty clients sending bodies near the 1 MiB limit at once had fifty
 * bodies parsed at the same time: the app reached 400 MB, and some answers
 * took over 10 s. Hundreds of clients each holding a body just under the
 * limit (sent, or still arriving) took it to 760 MB. Past the budget a
 * large body is answered 503 at once, and so is one that waited
 * `maxWaitMs` for its turn; small bodies, what IdPs send, never wait here.
 */
export function createLargeBodies(options: {
  slots: number;
  maxWaiting: number;
  maxWaitMs?: number;
  maxBytes: number;
}) {
  const gate = createGate(options.slots, options.maxWaiting, options.maxWaitMs);
  let bytes = 0;

  return {
    /** `vouch`: see LargeBodyAdmission.take; by default anyone may send. */
    admission(vouch = async () => {}): LargeBodyAdmission {
      let held = 0;
      let leave: (() => void) | undefined;

      return {
        async take(size) {
          if (held === 0) await vouch();
          if (bytes + size - held > options.maxBytes) throw busy();
          bytes += size - held;
          held = size;
        },
        async enter() {
          leave = await gate.enter();
        },
        release() {
          bytes -= held;
          held = 0;
          leave?.();
          leave = undefined;
        },
      };
    },
    /** Bytes held now, for tests. */
    heldBytes: () => bytes,
  };
}
