/**
 * The scripted ground truth of the detection benchmark (./detection.ts), and how the incidents
 * the coordinator opened are scored against it. Pure: no database, no clock.
 *
 * Per monitor, events follow each other with quiet gaps: real outages (all regions, or 2 of 3,
 * fail), single-region blips, and latency spikes. Event windows are half-open [startMs, endMs):
 * a check that starts inside the window of its region sees the event.
 */
import type { CheckResult, ErrorClass } from "../lib/checks/types";
import { percentile } from "./util";

/** mulberry32: a small seeded PRNG, so a run is reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type EventKind = "outage" | "blip" | "spike";
type OutageError = "connect" | "status" | "timeout";

export interface ScriptedEvent {
  kind: EventKind;
  monitor: number;
  startMs: number;
  endMs: number;
  /** Regions that fail (outage, blip) or are slow (spike). */
  regions: string[];
  /** Outages: how the checks fail. */
  error?: OutageError;
  /** Spikes: how long a check takes. */
  latencyMs?: number;
}

export interface ScenarioOptions {
  monitors: number;
  regions: string[];
  intervalMs: number;
  startMs: number;
  endMs: number;
  /** Quiet time at the start (first checks) and at the end (recoveries) without events. */
  leadMs: number;
  tailMs: number;
  random: () => number;
}

/** Outage lengths in intervals, uniform over [1, 10). */
export const OUTAGE_INTERVALS = { min: 1, max: 10 } as const;
/** Blip lengths in intervals, uniform over [1, 4]: one region fails one to four of its checks in a row. */
export const BLIP_INTERVALS = { min: 1, max: 4 } as const;
export const SPIKE_INTERVALS = { min: 1, max: 6 } as const;
/** Quiet gap after an event, in intervals: long enough for the recovery (r checks) to finish. */
export const GAP_INTERVALS = { min: 8, max: 30 } as const;
export const SPIKE_LATENCY_MS = { min: 2_500, max: 8_000 } as const;

/** A script of events per monitor, ordered by start, never overlapping within a monitor. */
export function scriptEvents(o: ScenarioOptions): ScriptedEvent[] {
  const { random: rnd, intervalMs } = o;
  const between = (r: { min: number; max: number }) => r.min + rnd() * (r.max - r.min);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const events: ScriptedEvent[] = [];
  for (let monitor = 0; monitor < o.monitors; monitor++) {
    let t = o.startMs + o.leadMs + Math.round(rnd() * 4 * intervalMs);
    for (;;) {
      const roll = rnd();
      const kind: EventKind = roll < 0.45 ? "outage" : roll < 0.8 ? "blip" : "spike";
      const lengthIntervals = between(kind === "outage" ? OUTAGE_INTERVALS : kind === "blip" ? BLIP_INTERVALS : SPIKE_INTERVALS);
      const endMs = t + Math.round(lengthIntervals * intervalMs);
      if (endMs > o.endMs - o.tailMs) break;
      const event: ScriptedEvent = { kind, monitor, startMs: t, endMs, regions: [] };
      if (kind === "outage") {
        const spared = pick(o.regions);
        event.regions = rnd() < 0.6 ? [...o.regions] : o.regions.filter((r) => r !== spared);
        event.error = pick(["connect", "connect", "status", "status", "timeout"] as const);
      } else if (kind === "blip") {
        event.regions = [pick(o.regions)];
        event.error = pick(["connect", "status", "timeout"] as const);
      } else {
        event.regions = rnd() < 0.7 ? [...o.regions] : [pick(o.regions)];
        event.latencyMs = Math.round(between(SPIKE_LATENCY_MS));
      }
      events.push(event);
      t = endMs + Math.round(between(GAP_INTERVALS) * intervalMs);
    }
  }
  return events;
}

/** Events of each monitor, for the per-check lookup. */
export function eventsByMonitor(events: ScriptedEvent[]): Map<number, ScriptedEvent[]> {
  const out = new Map<number, ScriptedEvent[]>();
  for (const e of events) {
    const list = out.get(e.monitor) ?? [];
    list.push(e);
    out.set(e.monitor, list);
  }
  return out;
}

export function eventAt(list: ScriptedEvent[] | undefined, region: string, at: number): ScriptedEvent | undefined {
  return list?.find((e) => e.startMs <= at && at < e.endMs && e.regions.includes(region));
}

/**
 * The CheckResult an HTTP check in `region` starting at `at` would return, as the probe builds
 * it, and how long the check took (a timeout is written only when the deadline passes).
 */
export function checkOutcome(
  event: ScriptedEvent | undefined,
  at: number,
  opts: { timeoutMs: number; maxLatencyMs: number | null; random: () => number },
): { result: CheckResult; durationMs: number } {
  const rnd = opts.random;
  const base = { startedAt: at, phases: {}, assertions: [] as CheckResult["assertions"] };
  const latencyAssertion = (ms: number) =>
    opts.maxLatencyMs === null ? [] : [{ name: "maxLatency", ok: ms <= opts.maxLatencyMs, expected: `≤ ${opts.maxLatencyMs} ms`, actual: `${ms} ms`, severity: "degraded" as const }];
  const up = (ms: number): { result: CheckResult; durationMs: number } => {
    const assertions = [{ name: "status", ok: true, expected: "200-299", actual: "200", severity: "down" as const }, ...latencyAssertion(ms)];
    const slow = assertions.some((a) => !a.ok);
    return {
      result: {
        ...base,
        status: slow ? "degraded" : "up",
        statusCode: 200,
        totalUs: ms * 1_000,
        phases: { dnsUs: 1_000, connectUs: Math.round(ms * 200), firstByteUs: Math.round(ms * 700), transferUs: Math.round(ms * 80) },
        assertions,
        message: slow ? `slow: ${ms} ms, limit ${opts.maxLatencyMs} ms` : undefined,
        errorClass: slow ? "assertion" : undefined,
      },
      durationMs: ms,
    };
  };
  if (!event || event.kind === "spike") return up(event ? event.latencyMs! : 40 + Math.round(rnd() * 260));
  const down = (errorClass: ErrorClass, message: string, ms: number, extra: Partial<CheckResult> = {}) => ({
    result: { ...base, status: "down" as const, errorClass, message, totalUs: ms * 1_000, ...extra },
    durationMs: ms,
  });
  switch (event.error!) {
    case "connect":
      return down("connect", "connect ECONNREFUSED", 1 + Math.round(rnd() * 4));
    case "timeout":
      return down("timeout", `no response within ${opts.timeoutMs / 1000} s`, opts.timeoutMs);
    case "status": {
      const ms = 30 + Math.round(rnd() * 200);
      return down("assertion", "status 503, expected 200-299", ms, {
        statusCode: 503,
        assertions: [{ name: "status", ok: false, expected: "200-299", actual: "503", severity: "down" }],
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scoring

export interface IncidentSeen {
  id: number;
  monitor: number;
  impact: string;
  startedAt: number;
  createdAt: number;
  resolvedAt: number | null;
}

/** What opened an incident: the event whose window holds the round that crossed the threshold. */
export type Cause = "outage" | "blip" | "spike with maxLatency" | "spike without maxLatency" | "nothing scripted";

export interface OutageOutcome {
  event: ScriptedEvent;
  lengthIntervals: number;
  incidents: IncidentSeen[];
  /** First incident's recorded start minus the outage's true start. */
  delayMs: number | null;
  /** When the coordinator wrote it (its `now`) minus the true start: result write + tick lag included. */
  noticedMs: number | null;
  /** Last incident's resolution minus the outage's true end. */
  resolveMs: number | null;
}

export interface Score {
  outages: OutageOutcome[];
  causes: Map<Cause, IncidentSeen[]>;
  incidents: IncidentSeen[];
}

export function causeOf(incident: IncidentSeen, byMonitor: Map<number, ScriptedEvent[]>, hasMaxLatency: (monitor: number) => boolean): { cause: Cause; event?: ScriptedEvent } {
  const event = byMonitor.get(incident.monitor)?.find((e) => e.startMs <= incident.startedAt && incident.startedAt < e.endMs);
  if (!event) return { cause: "nothing scripted" };
  if (event.kind === "spike") return { cause: hasMaxLatency(incident.monitor) ? "spike with maxLatency" : "spike without maxLatency", event };
  return { cause: event.kind, event };
}

export function score(events: ScriptedEvent[], incidents: IncidentSeen[], intervalMs: number, hasMaxLatency: (monitor: number) => boolean): Score {
  const byMonitor = eventsByMonitor(events);
  const causes = new Map<Cause, IncidentSeen[]>();
  const byOutage = new Map<ScriptedEvent, IncidentSeen[]>();
  for (const incident of incidents) {
    const { cause, event } = causeOf(incident, byMonitor, hasMaxLatency);
    causes.set(cause, [...(causes.get(cause) ?? []), incident]);
    if (cause === "outage") byOutage.set(event!, [...(byOutage.get(event!) ?? []), incident]);
  }
  const outages = events
    .filter((e) => e.kind === "outage")
    .map((event): OutageOutcome => {
      const found = (byOutage.get(event) ?? []).sort((a, b) => a.startedAt - b.startedAt);
      const last = found[found.length - 1];
      return {
        event,
        lengthIntervals: (event.endMs - event.startMs) / intervalMs,
        incidents: found,
        delayMs: found.length ? found[0].startedAt - event.startMs : null,
        noticedMs: found.length ? found[0].createdAt - event.startMs : null,
        resolveMs: last?.resolvedAt != null ? last.resolvedAt - event.endMs : null,
      };
    });
  return { outages, causes, incidents };
}

/** p50 and p95 of a list (unsorted, nulls dropped). */
export function p50p95(values: (number | null)[]): { n: number; p50: number; p95: number; max: number } {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}
