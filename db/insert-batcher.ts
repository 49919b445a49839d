interface Pending<T> {
  row: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const batchers = new Set<InsertBatcher<unknown>>();

/**
 * Collects rows written fire-and-forget on a hot path (one provisioning event
 * per SCIM request) and writes them as one multi-row INSERT every few
 * milliseconds: one round trip and one commit for many requests. A failed
 * batch is retried row by row, so one bad row loses only itself.
 */
export class InsertBatcher<T> {
  private pending: Pending<T>[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly insert: (rows: T[]) => Promise<unknown>,
    private readonly delayMs = 5,
    private readonly maxRows = 200,
  ) {
    batchers.add(this as InsertBatcher<unknown>);
  }

  /** Resolves once the row is written; rejects if it could not be. */
  add(row: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ row, resolve, reject });
      if (this.pending.length >= this.maxRows) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
    });
  }

  /** Writes what is pending; never rejects (each row's promise tells). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      await this.write(batch.map((p) => p.row));
      for (const p of batch) p.resolve();
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      await Promise.all(
        batch.map((p) => this.write([p.row]).then(p.resolve, p.reject)),
      );
    }
  }

  /** The insert as a promise, also when building it throws. */
  private async write(rows: T[]): Promise<void> {
    await this.insert(rows);
  }
}

/** Writes every pending batch now (before the pool closes on shutdown). */
export async function flushInsertBatchers(): Promise<void> {
  await Promise.all([...batchers].map((b) => b.flush()));
}
