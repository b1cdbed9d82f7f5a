/**
 * A bounded log: keeps the last `capacity` items pushed, counting the ones it dropped. Memory is
 * O(capacity) whatever is pushed; pushing is O(1).
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private size = 0;
  /** Items pushed out by newer ones. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`ring capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    if (this.size < this.capacity) {
      this.items[(this.start + this.size) % this.capacity] = item;
      this.size += 1;
    } else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
      this.dropped += 1;
    }
  }

  /** The oldest item kept. */
  first(): T | undefined {
    return this.size > 0 ? this.items[this.start] : undefined;
  }

  /** Items from newest to oldest. */
  *newestFirst(): Generator<T> {
    for (let k = this.size - 1; k >= 0; k--) yield this.items[(this.start + k) % this.capacity] as T;
  }
}
