/**
 * The one status rule: what a component, a group and the whole page are, decided once from
 * - the read-time state of the component's public monitors (lib/public/scope.ts publicStatusOf:
 *   a stale state is already "no_data" here),
 * - the impact the team declared on it in open, published incidents,
 * - maintenance on it that is actually in progress.
 * The public page, the Statuspage API, badges, widgets and cards call this and only translate
 * the answer into their own words. Pure.
 */
import type { ComponentImpact, IncidentImpact, IncidentStatus } from "../db/schema/incidents";
import type { MonitorStatus } from "../db/schema/monitor-states";
import type { Condition } from "../db/schema/state-time";

/**
 * A component's status, mildest first. "down" is a major outage: every public monitor down in
 * all its live regions; "partial_outage" is down somewhere while something still answers.
 * "no_data" ranks above operational and maintenance (never green without fresh data) and below
 * any observed problem. "paused": every monitor of it is paused by the team, so nothing is
 * measured and nobody claims anything: said as such, neither green nor no data.
 */
export const COMPONENT_STATUSES = ["operational", "maintenance", "paused", "no_data", "degraded", "partial_outage", "down"] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

const RANK: Record<ComponentStatus, number> = Object.fromEntries(COMPONENT_STATUSES.map((s, i) => [s, i])) as Record<ComponentStatus, number>;

export function worseStatus(a: ComponentStatus, b: ComponentStatus): ComponentStatus {
  return RANK[b] > RANK[a] ? b : a;
}

/** What the team can declare on a component, in our words. */
export function declaredStatus(impact: ComponentImpact): ComponentStatus {
  return impact === "major_outage" ? "down" : impact === "partial_outage" ? "partial_outage" : "degraded";
}

export interface MonitorInput {
  /** Read-time status (already "no_data" when stale). */
  status: MonitorStatus;
  /** Its uptime condition: "partial" when down in only some live regions; null when unknown. */
  condition: Condition | null;
  /** Since when it has been in this status, epoch ms. */
  since: number | null;
}

/**
 * The status measured by the monitors alone: a major outage only when every monitor is down
 * everywhere; any other monitor down is a partial outage of the component; else the worst
 * monitor. Paused monitors measure nothing and are left out; all of them paused is paused. No
 * monitors is no data.
 */
export function monitorsStatus(all: readonly Pick<MonitorInput, "status" | "condition">[]): ComponentStatus {
  if (all.length === 0) return "no_data";
  const monitors = all.filter((m) => m.status !== "paused");
  if (monitors.length === 0) return "paused";
  const each = monitors.map((m): ComponentStatus => (m.status === "down" ? (m.condition === "partial" ? "partial_outage" : "down") : m.status));
  if (each.every((s) => s === "down")) return "down";
  if (each.some((s) => s === "down" || s === "partial_outage")) return "partial_outage";
  return each.reduce(worseStatus, "operational");
}

export interface ComponentInput {
  monitors: readonly MonitorInput[];
  /** Impacts set on this component by open, published incidents. */
  declared: readonly ComponentImpact[];
  /** A published maintenance window covering it is in progress now (see maintenanceInProgress). */
  inMaintenance: boolean;
}

export interface ComponentVerdict {
  status: ComponentStatus;
  /** What decided it: the monitors, the team's declaration, or maintenance. */
  source: "monitors" | "declared" | "maintenance";
  /** Since when the monitors have said what they say (latest change among those in the shown status). */
  since: number | null;
  /**
   * The monitors see a problem (degraded or worse) and the team has not said anything about it
   * yet (no open published incident on the component, no maintenance): shown as detected
   * automatically, with no update from the team yet. No data is not a detected problem.
   */
  detectedAutomatically: boolean;
}

/**
 * A component: the worse of what its monitors measure and what the team declared wins. During
 * maintenance in progress measured failures are expected (the coordinator opens no incident for
 * them either), so the component shows maintenance, unless the team declares an impact, which
 * still wins.
 */
export function componentStatus(input: ComponentInput): ComponentVerdict {
  const measured = monitorsStatus(input.monitors);
  const declared = input.declared.map(declaredStatus).reduce<ComponentStatus | null>((w, s) => (w === null ? s : worseStatus(w, s)), null);
  const sinceOf = (status: ComponentStatus) => {
    // The monitors that make the shown status: the down ones for an outage, else those in it.
    const word: MonitorStatus = status === "partial_outage" || status === "down" ? "down" : status === "maintenance" ? "operational" : status;
    const values = input.monitors.filter((m) => m.status === word && m.since !== null).map((m) => m.since!);
    return values.length ? Math.max(...values) : null;
  };
  if (input.inMaintenance) {
    if (declared !== null) return { status: declared, source: "declared", since: null, detectedAutomatically: false };
    return { status: "maintenance", source: "maintenance", since: null, detectedAutomatically: false };
  }
  if (declared !== null && RANK[declared] > RANK[measured]) return { status: declared, source: "declared", since: null, detectedAutomatically: false };
  const problem = RANK[measured] > RANK.no_data;
  return { status: measured, source: "monitors", since: sinceOf(measured), detectedAutomatically: problem && declared === null };
}

/** A group: its worst component; maintenance (or paused) only when all of them are in maintenance or paused. */
export function groupStatus(components: readonly ComponentStatus[]): ComponentStatus {
  if (components.length === 0) return "no_data";
  const counted = components.filter((s) => s !== "maintenance" && s !== "paused");
  if (counted.length === 0) return components.includes("paused") ? "paused" : "maintenance";
  return counted.reduce(worseStatus, "operational");
}

/**
 * The page as a whole, mildest first. The outage levels are Statuspage's (what integrations
 * match on): every counted component down, or an open incident of impact critical, is a major
 * outage; some component down, or an incident of impact major, a partial outage; some partial
 * outage, or an incident of impact minor, a minor outage.
 */
export const PAGE_STATUSES = ["operational", "maintenance", "paused", "some_no_data", "no_data", "degraded", "minor_outage", "partial_outage", "major_outage"] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];
const PAGE_RANK: Record<PageStatus, number> = Object.fromEntries(PAGE_STATUSES.map((s, i) => [s, i])) as Record<PageStatus, number>;

/**
 * The page from its components' statuses (componentStatus) and the impacts of its open,
 * published incidents. Components in maintenance or paused are left out of the outage counts;
 * with nothing worse, a paused component shows as paused (monitoring is off for it: not all is
 * known to be operational), then maintenance in progress as maintenance. No components at all is
 * no data: an empty page is not green either.
 */
export function pageStatusOf(input: { components: readonly ComponentStatus[]; incidentImpacts: readonly IncidentImpact[]; maintenanceInProgress?: boolean }): PageStatus {
  const all = input.components;
  const counted = all.filter((s) => s !== "maintenance" && s !== "paused");
  let worst: PageStatus = "operational";
  const raise = (s: PageStatus) => {
    if (PAGE_RANK[s] > PAGE_RANK[worst]) worst = s;
  };
  if (counted.length > 0 && counted.every((s) => s === "down")) raise("major_outage");
  else if (counted.some((s) => s === "down")) raise("partial_outage");
  if (counted.some((s) => s === "partial_outage")) raise("minor_outage");
  if (counted.some((s) => s === "degraded")) raise("degraded");
  const noData = counted.filter((s) => s === "no_data").length;
  if (all.length === 0 || (noData > 0 && noData === counted.length)) raise("no_data");
  else if (noData > 0) raise("some_no_data");
  for (const impact of input.incidentImpacts) {
    if (impact === "critical") raise("major_outage");
    else if (impact === "major") raise("partial_outage");
    else if (impact === "minor") raise("minor_outage");
  }
  if (worst === "operational" && all.some((s) => s === "paused")) return "paused";
  if (worst === "operational" && (input.maintenanceInProgress || all.some((s) => s === "maintenance"))) return "maintenance";
  return worst;
}

/**
 * Whether a maintenance window is in progress at `now`: begun (by its status, or by the clock, as
 * the coordinator moves the status a few seconds late), not completed, and before its end. One
 * scheduled for later is not in progress, however close.
 */
export function maintenanceInProgress(m: { status: IncidentStatus; resolvedAt: number | null; scheduledFor: number | null; scheduledUntil: number | null }, now: number): boolean {
  if (m.resolvedAt !== null || m.status === "completed") return false;
  if (m.scheduledUntil !== null && m.scheduledUntil <= now) return false;
  return m.status !== "scheduled" || (m.scheduledFor !== null && m.scheduledFor <= now);
}
