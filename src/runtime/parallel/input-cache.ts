/**
 * The inputs a helper thread keeps between jobs: the ones every part of a split gets whole (a
 * convolution's filter and bias), which in `predict` are the same weights batch after batch. A
 * helper given them afresh each time also re-creates its XNNPACK operator for them each time,
 * which made its half of a convolution slower than the main thread's whole one. The main thread
 * keeps a mirror of each helper's cache, with the same eviction rule (oldest first, past a count or
 * a total size), so that it knows what it can send by reference.
 */

const MAX_ENTRIES = 16;
const MAX_ELEMENTS = 4 * 1024 * 1024;

export class InputCache<T> {
  private readonly entries = new Map<number, { size: number; value: T }>();
  private elements = 0;

  get(id: number): T | undefined {
    return this.entries.get(id)?.value;
  }

  /** Adds an entry; returns the values evicted to make room (oldest first). */
  add(id: number, size: number, value: T): T[] {
    const evicted: T[] = [];
    this.entries.set(id, { size, value });
    this.elements += size;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.elements <= MAX_ELEMENTS) break;
      if (oldest === id) break;
      this.entries.delete(oldest);
      this.elements -= entry.size;
      evicted.push(entry.value);
    }
    return evicted;
  }
}

/**
 * Numbers for tensors' data (tfjs's dataId objects, whose data never changes) seen with a shape:
 * the same data and shape, the same number. (A reshape shares its input's dataId.)
 */
export class DataIds {
  private readonly ids = new WeakMap<object, Map<string, number>>();
  private next = 1;

  of(dataId: object, shape: readonly number[]): number {
    let byShape = this.ids.get(dataId);
    if (!byShape) this.ids.set(dataId, (byShape = new Map()));
    const key = shape.join('x');
    let id = byShape.get(key);
    if (id === undefined) byShape.set(key, (id = this.next++));
    return id;
  }
}
