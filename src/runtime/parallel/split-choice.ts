/**
 * Whether splitting a kernel call pays, learnt per call shape while the job runs. On a machine
 * whose other core is busy (other processes), a split call can take longer than the whole one:
 * the first calls of each shape alternate split and whole, then the faster way (by the median of
 * its last few times) is taken, the other retried now and then in case the machine changed. The
 * first two times of each way are left out: they include one-off costs (a helper's first calls of
 * a kernel compile, allocate and build XNNPACK's operator), which made every split look slower.
 */

const PROBES = 8;
const WARM_UP = 2;
const KEPT = 5;
const RETRY_EVERY = 64;
/**
 * Split only when clearly faster: a split call also costs what its timing misses (the main
 * thread's XNNPACK operators set up for another batch size, the helper's memory traffic), and with
 * any split at all, whole jobs measured slower on a busy 2-core machine.
 */
const SPLIT_MARGIN = 0.8;

interface Times {
  split: number[];
  whole: number[];
  calls: number;
  /** Calls of each way seen so far (the first WARM_UP are left out). */
  seen: { split: number; whole: number };
}

/** The lower median: with the two times kept after probing, the faster (one slow call, another process on the other core for a moment, does not decide). */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

export class SplitChoice {
  private readonly times = new Map<string, Times>();

  /** Whether to split this call of shape `key`. */
  split(key: string): boolean {
    let t = this.times.get(key);
    if (!t) this.times.set(key, (t = { split: [], whole: [], calls: 0, seen: { split: 0, whole: 0 } }));
    const call = t.calls++;
    if (call < PROBES) return call % 2 === 0;
    const faster = median(t.split) <= SPLIT_MARGIN * median(t.whole);
    return call % RETRY_EVERY === 0 ? !faster : faster;
  }

  record(key: string, split: boolean, ms: number): void {
    const t = this.times.get(key);
    if (!t || t.seen[split ? 'split' : 'whole']++ < WARM_UP) return;
    const list = split ? t.split : t.whole;
    list.push(ms);
    if (list.length > KEPT) list.shift();
  }
}
