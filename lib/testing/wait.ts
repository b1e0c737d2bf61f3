/**
 * The one way tests wait (test-only). Tests poll for the thing they wait for instead of sleeping a
 * fixed time, so a slow machine makes them slower, never red; the error names what was awaited
 * and what was seen last.
 */

export interface WaitOptions {
  /** The test's own budget: waits never run past it (a slow run fails naming the wait, not a bare test timeout). */
  deadline?: number;
  intervalMs?: number;
}

/** Polls `read` until `ok` holds, within `timeoutMs` (and never past `deadline`); returns the value that passed. */
export async function waitUntil<T>(what: string, read: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs: number, opts: WaitOptions = {}): Promise<T> {
  const deadline = opts.deadline ?? Infinity;
  const until = Math.min(Date.now() + timeoutMs, deadline);
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() >= until) break;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
  const why = until === deadline ? "the test's time budget ran out" : `timed out after ${timeoutMs / 1000} s`;
  throw new Error(`${why} waiting for ${what}; last seen: ${JSON.stringify(last)}`);
}

/** `waitUntil` for a plain condition. */
export function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, opts: WaitOptions = {}): Promise<boolean> {
  return waitUntil(what, cond, (v) => v, timeoutMs, opts);
}

/**
 * The opposite wait: `ok` must hold at every poll for `forMs` (something that must not happen,
 * such as a second alert). Fails at the first poll where it does not, naming what was seen.
 */
export async function holdsFor<T>(what: string, read: () => T | Promise<T>, ok: (v: T) => boolean, forMs: number, opts: Pick<WaitOptions, "intervalMs"> = {}): Promise<T> {
  const end = Date.now() + forMs;
  for (;;) {
    const v = await read();
    if (!ok(v)) throw new Error(`expected ${what} for ${forMs / 1000} s; broken by: ${JSON.stringify(v)}`);
    if (Date.now() >= end) return v;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
}
