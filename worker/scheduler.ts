/**
 * Runs each job at its interval, spread across the interval, never two runs of one job at once,
 * with a global concurrency cap. A job's slot within its interval comes from a hash of its key,
 * so the spread survives restarts and every job runs again within one interval of a start.
 */

export interface ScheduledJob {
  key: string;
  intervalMs: number;
}

export interface SchedulerOptions<J extends ScheduledJob> {
  run: (job: J, scheduledAt: number) => Promise<void>;
  /** Most runs in flight at once; due runs beyond it wait in line (their lag grows). */
  concurrency: number;
  now?: () => number;
  /** Called once per run with how late it started, in ms (for lag figures). */
  onStart?: (job: J, lagMs: number) => void;
  /** A due slot passed while the previous run of the same job was still going. */
  onSkip?: (job: J) => void;
}

/** FNV-1a, 32 bit: a cheap, stable hash for spreading jobs. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A job's offset inside its interval from its key alone (used for a job on its own). */
export function phaseOffsetMs(key: string, intervalMs: number): number {
  return stableHash(key) % intervalMs;
}

/**
 * Offsets for a set of jobs: jobs that share an interval are ordered by the hash of their key
 * and given evenly spaced slots, so a second never gets more than its share of starts (a bare
 * hash would bunch them). The order is stable, so adding a job moves the others only slightly.
 */
export function evenOffsets(jobs: ScheduledJob[]): Map<string, number> {
  const byInterval = new Map<number, ScheduledJob[]>();
  for (const j of jobs) {
    const list = byInterval.get(j.intervalMs);
    if (list) list.push(j);
    else byInterval.set(j.intervalMs, [j]);
  }
  const offsets = new Map<string, number>();
  for (const [intervalMs, list] of byInterval) {
    const hashed = list.map((j) => ({ key: j.key, h: stableHash(j.key) })).sort((a, b) => a.h - b.h || (a.key < b.key ? -1 : 1));
    // Start the sequence at the first job's hash, so one job alone keeps its hash offset.
    const base = hashed.length ? hashed[0].h % intervalMs : 0;
    hashed.forEach(({ key }, i) => offsets.set(key, (base + Math.floor((i * intervalMs) / hashed.length)) % intervalMs));
  }
  return offsets;
}

/** The first slot strictly after `after` (or at it, when `inclusive`): t ≡ offset (mod interval). */
export function nextSlot(key: string, intervalMs: number, after: number, inclusive = false, offset = phaseOffsetMs(key, intervalMs)): number {
  const base = Math.floor((after - offset) / intervalMs) * intervalMs + offset;
  let t = base;
  while (inclusive ? t < after : t <= after) t += intervalMs;
  return t;
}

interface Entry<J> {
  job: J;
  offsetMs: number;
  dueAt: number;
  running: boolean;
  removed: boolean;
  /** When its last early run (runSoon) was queued. */
  earlyAt?: number;
}

/** Min-heap of entries by dueAt. */
class DueHeap<J> {
  private items: Entry<J>[] = [];
  get size() {
    return this.items.length;
  }
  peek(): Entry<J> | undefined {
    return this.items[0];
  }
  push(e: Entry<J>) {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].dueAt <= a[i].dueAt) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): Entry<J> | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].dueAt < a[m].dueAt) m = l;
        if (r < a.length && a[r].dueAt < a[m].dueAt) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

export class Scheduler<J extends ScheduledJob> {
  private readonly heap = new DueHeap<J>();
  private readonly entries = new Map<string, Entry<J>>();
  /** FIFO of due runs waiting for a concurrency slot (array + head index: O(1) dequeue). */
  private waiting: { entry: Entry<J>; scheduledAt: number }[] = [];
  private waitingHead = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private inFlight = 0;
  private stopped = true;
  private readonly now: () => number;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: SchedulerOptions<J>) {
    this.now = opts.now ?? Date.now;
  }

  /**
   * Replace the set of jobs; jobs whose key, interval and slot are unchanged keep their slot.
   * Slots are spaced over `spacedAmong` (default: the jobs themselves). Probes of several regions
   * pass every monitor there, so each region checks a monitor in the same slot.
   */
  setJobs(jobs: J[], spacedAmong: ScheduledJob[] = jobs): void {
    const seen = new Set<string>();
    const now = this.now();
    const offsets = evenOffsets(spacedAmong);
    for (const job of jobs) {
      seen.add(job.key);
      const offsetMs = offsets.get(job.key) ?? phaseOffsetMs(job.key, job.intervalMs);
      const existing = this.entries.get(job.key);
      if (existing && existing.job.intervalMs === job.intervalMs && existing.offsetMs === offsetMs) {
        existing.job = job;
        continue;
      }
      if (existing) existing.removed = true;
      const entry: Entry<J> = {
        job,
        offsetMs,
        dueAt: nextSlot(job.key, job.intervalMs, now, true, offsetMs),
        running: existing?.running ?? false,
        removed: false,
      };
      this.entries.set(job.key, entry);
      this.heap.push(entry);
    }
    for (const [key, entry] of this.entries) {
      if (!seen.has(key)) {
        entry.removed = true;
        this.entries.delete(key);
      }
    }
    if (!this.stopped) this.arm();
  }

  start(): void {
    this.stopped = false;
    this.arm();
  }

  /**
   * Runs a job once now, outside its slots: a second opinion when another region saw it fail.
   * Bounded: at most one early run per job per interval, never beside a run in flight, and none
   * when its own slot is due within a tenth of the interval anyway. Its slots stay as they are.
   * Returns whether the run was queued.
   */
  runSoon(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry || entry.removed || entry.running || this.stopped) return false;
    const now = this.now();
    if (entry.earlyAt !== undefined && now - entry.earlyAt < entry.job.intervalMs) return false;
    if (entry.dueAt - now <= entry.job.intervalMs / 10) return false;
    entry.earlyAt = now;
    entry.running = true;
    this.waiting.push({ entry, scheduledAt: now });
    this.drain();
    return true;
  }

  /** Stop scheduling; resolves when runs in flight have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    for (let i = this.waitingHead; i < this.waiting.length; i++) this.waiting[i].entry.running = false;
    this.waiting = [];
    this.waitingHead = 0;
    if (this.inFlight > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  get stats() {
    return { jobs: this.entries.size, inFlight: this.inFlight, waiting: this.waiting.length - this.waitingHead };
  }

  private arm(): void {
    const top = this.heap.peek();
    if (!top || this.stopped) return;
    if (top.dueAt >= this.timerAt && this.timer) return;
    clearTimeout(this.timer);
    this.timerAt = top.dueAt;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.tick();
    }, Math.max(0, top.dueAt - this.now()));
    this.timer.unref?.();
  }

  private tick(): void {
    const now = this.now();
    for (let top = this.heap.peek(); top && top.dueAt <= now; top = this.heap.peek()) {
      const entry = this.heap.pop()!;
      if (entry.removed) continue;
      const scheduledAt = entry.dueAt;
      entry.dueAt = nextSlot(entry.job.key, entry.job.intervalMs, Math.max(now, scheduledAt), false, entry.offsetMs);
      this.heap.push(entry);
      if (entry.running) {
        this.opts.onSkip?.(entry.job);
        continue;
      }
      entry.running = true;
      this.waiting.push({ entry, scheduledAt });
    }
    this.drain();
    this.arm();
  }

  private drain(): void {
    while (this.inFlight < this.opts.concurrency && this.waitingHead < this.waiting.length) {
      const { entry, scheduledAt } = this.waiting[this.waitingHead++];
      if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
        this.waiting = this.waiting.slice(this.waitingHead);
        this.waitingHead = 0;
      }
      this.inFlight++;
      this.opts.onStart?.(entry.job, this.now() - scheduledAt);
      this.opts
        .run(entry.job, scheduledAt)
        .catch(() => {
          // run() reports its own failures; the schedule goes on regardless
        })
        .finally(() => {
          entry.running = false;
          // setJobs may have replaced the entry meanwhile (new offset); it waited for this run.
          const current = this.entries.get(entry.job.key);
          if (current) current.running = false;
          this.inFlight--;
          if (!this.stopped) this.drain();
          if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((r) => r());
        });
    }
  }
}
