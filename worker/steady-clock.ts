/**
 * A probe machine's time for its schedule and for dating its results, as epoch ms. It advances
 * with the monotonic clock (performance.now), so a step of the wall clock (a person setting the
 * date, a VM resumed, NTP stepping) neither reorders results nor stretches or squeezes the
 * intervals between them, and never stops the schedule (a step back by an hour used to hold
 * every check for that hour; a step forward dated results in the future, which the hub refuses).
 * It still follows the wall clock, as adjtime does: the gap between them closes by at most
 * MAX_SLEW of the time that passes, so a probe started with a wrong clock is right again after
 * NTP fixes it (an hour's error in 20 hours), and a 10 s interval never reads below 9.5 s.
 */

/** The largest share of elapsed time by which the clock moves toward the wall clock. */
export const MAX_SLEW = 0.05;

export function steadyClock(wall: () => number = Date.now, monotonic: () => number = () => performance.now()): () => number {
  let last = wall();
  let lastMono = monotonic();
  return () => {
    const mono = monotonic();
    const elapsed = Math.max(0, mono - lastMono);
    lastMono = mono;
    const gap = wall() - (last + elapsed);
    last += elapsed + Math.max(-MAX_SLEW * elapsed, Math.min(MAX_SLEW * elapsed, gap));
    return Math.round(last);
  };
}
