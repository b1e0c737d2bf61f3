/** A monitor that changes state this many times within FLAP_WINDOW_MS is flapping. */
export const FLAP_THRESHOLD = 6;
export const FLAP_WINDOW_MS = 30 * 60_000;

/**
 * Flapping damping: counts each monitor's state changes in the window. At FLAP_THRESHOLD or
 * more it is marked flapping (shown on the dashboard): its open alert and incident stay open
 * through the bounces, no further down/up messages are sent, and the escalation pass sends one
 * "flapping" notice (lib/notify/escalation.ts). The first alert is never held back. It stops
 * flapping when the count falls below half the threshold, so it does not flap in and out of
 * flapping; the alert then resolves once the monitor is stable (lib/coordinator/fold.ts).
 */
export function flappingLevel(changesInWindow: number, wasFlapping: boolean): number {
  if (changesInWindow >= FLAP_THRESHOLD) return changesInWindow;
  if (wasFlapping && changesInWindow >= Math.ceil(FLAP_THRESHOLD / 2)) return changesInWindow;
  return 0;
}
