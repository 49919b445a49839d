import type { PGlite } from "@electric-sql/pglite";

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (size: number) => void;
  reject: (error: Error) => void;
}

const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'

/**
 * Serialises wire-protocol messages from many client connections onto one
 * PGlite session. A connection keeps the session from its first message until
 * PGlite answers ReadyForQuery with status idle, so neither an explicit
 * transaction nor an unfinished extended-protocol exchange (Parse … Sync) of
 * one client ever interleaves with another's.
 */
export class ConnectionQueue {
  private queue: QueuedMessage[] = [];
  private owner: number | null = null;
  private isProcessing = false;

  constructor(private readonly db: PGlite) {}

  enqueue(
    handlerId: number,
    message: Uint8Array,
    onData: (data: Uint8Array) => void,
  ): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error("connection closed"));

      return false;
    });
  }

  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;

    if (!this.db.closed && this.db.isInTransaction()) {
      await this.db.exec("ROLLBACK");
    }
    this.owner = null;
    await this.process();
  }

  private next(): QueuedMessage | undefined {
    if (this.owner === null) return this.queue.shift();

    const index = this.queue.findIndex((item) => item.handlerId === this.owner);

    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.isProcessing) return;
    this.isProcessing = true;

    try {
      for (let item = this.next(); item; item = this.next()) {
        await this.run(item);
      }
    } finally {
      this.isProcessing = false;
    }
  }

  private async run(item: QueuedMessage): Promise<void> {
    let size = 0;
    let tail = new Uint8Array(0);
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(item.message, {
          onRawData: (data) => {
            size += data.length;
            tail = lastBytes(tail, data, 6);
            item.onData(data);
          },
        }),
      );
    } catch (error) {
      this.owner = null;
      item.reject(error as Error);

      return;
    }

    this.owner = isIdleReady(tail) ? null : item.handlerId;
    item.resolve(size);
  }
}

function lastBytes(previous: Uint8Array, next: Uint8Array, n: number) {
  const joined = new Uint8Array(previous.length + next.length);
  joined.set(previous);
  joined.set(next, previous.length);

  return joined.slice(Math.max(0, joined.length - n));
}

function isIdleReady(tail: Uint8Array): boolean {
  return (
    tail.length === 6 &&
    tail[0] === READY_FOR_QUERY &&
    tail[1] === 0 &&
    tail[2] === 0 &&
    tail[3] === 0 &&
    tail[4] === 5 &&
    tail[5] === IDLE
  );
}
