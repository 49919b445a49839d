import { Writable } from "node:stream";

import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";

import { lazyChild, logger, logThrottle } from "./logger";

afterEach(() => vi.restoreAllMocks());

/** A pino logger at `level` whose lines are kept as parsed objects. */
function capturing(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });

  return { log: pino({ level }, stream), lines };
}

describe("lazyChild", () => {
  it("writes the bindings of every level on each line, as a child does", () => {
    const { log, lines } = capturing("info");
    const request = lazyChild(log, { requestId: "r-1" });
    const scoped = lazyChild(request, { workspaceId: "w-1" });

    scoped.info({ status: 201 }, "created");
    scoped.warn("plain message");
    scoped.error(new Error("boom"), "failed");

    expect(lines).toMatchObject([
      { requestId: "r-1", workspaceId: "w-1", status: 201, msg: "created" },
      { requestId: "r-1", workspaceId: "w-1", msg: "plain message" },
      {
        requestId: "r-1",
        workspaceId: "w-1",
        err: { message: "boom" },
        msg: "failed",
      },
    ]);
  });

  it("creates no child, and writes nothing, for a level that is off", () => {
    const { log, lines } = capturing("warn");
    const child = vi.spyOn(log, "child");
    const scoped = lazyChild(lazyChild(log, { requestId: "r-1" }), {
      workspaceId: "w-1",
    });

    scoped.info({ status: 201 }, "created");
    expect(scoped.isLevelEnabled("info")).toBe(false);

    expect(lines).toEqual([]);
    expect(child).not.toHaveBeenCalled();
  });

  it("creates a real child, once, for anything else asked of it", () => {
    const child = vi.spyOn(logger, "child");
    const scoped = lazyChild(logger, { requestId: "r-1" });

    expect(scoped.level).toBe(logger.level);
    expect(typeof scoped.child).toBe("function");

    expect(child).toHaveBeenCalledTimes(1);
    expect(child).toHaveBeenCalledWith({ requestId: "r-1" });
  });
});

describe("logThrottle", () => {
  it("lets one line a second through, with how many it held back", () => {
    const now = vi.spyOn(performance, "now").mockReturnValue(10_000);
    const throttled = logThrottle(1_000);
    const lines: number[] = [];

    for (let i = 0; i < 5; i++) throttled((notLogged) => lines.push(notLogged));
    now.mockReturnValue(10_999);
    throttled((notLogged) => lines.push(notLogged));
    now.mockReturnValue(11_000);
    throttled((notLogged) => lines.push(notLogged));

    expect(lines).toEqual([0, 5]);
  });
});
