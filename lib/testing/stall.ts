/**
 * Timing assertions on a loaded machine (test-only). `measureStall` runs `run` and says how long
 * this process was kept from running meanwhile (the longest event-loop delay): time the machine
 * took away, which a timing assertion subtracts so that it judges the code and not the machine.
 * Our own blocking of the loop would show here too, so a test that uses it also asserts on what
 * only the right path produces (a class, a message).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

export async function measureStall<T>(run: () => Promise<T>): Promise<{ value: T; elapsedMs: number; stalledMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  try {
    const value = await run();
    return { value, elapsedMs: performance.now() - started, stalledMs: delay.max / 1e6 };
  } finally {
    delay.disable();
  }
}
