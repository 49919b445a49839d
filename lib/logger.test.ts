import { afterEach, describe, expect, it, vi } from "vitest";

import { lazyChild, logger } from "./logger";

afterEach(() => vi.restoreAllMocks());

describe("lazyChild", () => {
  it("creates the child on first use only, once, with its bindings", () => {
    const warn = vi.fn();
    const child = vi
      .spyOn(logger, "child")
      .mockReturnValue({ warn } as unknown as ReturnType<typeof logger.child>);

    const log = lazyChild(logger, { requestId: "r-1" });
    expect(child).not.toHaveBeenCalled();

    log.warn({ status: 401 }, "refused");
    log.warn({ status: 403 }, "refused again");

    expect(child).toHaveBeenCalledTimes(1);
    expect(child).toHaveBeenCalledWith({ requestId: "r-1" });
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
