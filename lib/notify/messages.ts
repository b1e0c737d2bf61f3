/**
 * The words of team notifications, built from an alert row: what is down, since when, from which
 * regions, the error, and where to look. One place, so every channel says the same thing.
 */
import type { NotificationMessage } from "./types";
import { formatAgo, formatDuration } from "./format";
import { ackUrl, publicBaseUrl } from "./links";
import type { AlertRegions } from "../alerts/store";
import { regionsOfCount } from "../status/quorum";

export interface AlertFacts extends AlertRegions {
  id: number;
  kind: "monitor_down" | "region_silent";
  title: string;
  reason: string;
  openedAt: number;
  resolvedAt: number | null;
  resolveReason: string | null;
  monitorKey: string | null;
  monitorName: string | null;
  /** The open automatic incident for the monitor, if published (public link). */
  publicIncidentId: number | null;
}

const utc = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC";

/**
 * The regions that confirmed a monitor's outage ("2 of 3 regions: eu-west, us-east"), from the
 * alert's data; null when there is nothing to add: one live region (its own words say it all),
 * or an alert stored without regions.
 */
function regionsLine(a: AlertFacts): string | null {
  if (a.kind !== "monitor_down" || a.liveRegions.length < 2 || a.downRegions.length === 0) return null;
  return `${regionsOfCount(a.downRegions.length, a.liveRegions.length)}: ${a.downRegions.join(", ")}`;
}

function links(a: AlertFacts, now: number, env: NodeJS.ProcessEnv, withAck: boolean): NotificationMessage["links"] {
  const base = publicBaseUrl(env);
  const out: NotificationMessage["links"] = [];
  if (withAck) out.push({ label: "Acknowledge", url: ackUrl(a.id, now, env), kind: "acknowledge" });
  out.push({ label: "Open dashboard", url: a.monitorKey ? `${base}/dashboard/monitors/${encodeURIComponent(a.monitorKey)}` : `${base}/dashboard`, kind: "dashboard" });
  if (a.publicIncidentId !== null) out.push({ label: "Public incident", url: `${base}/incidents/${a.publicIncidentId}`, kind: "incident" });
  return out;
}

/** The first message of an alert, and its reminders ("still down after 15 min"). */
export function alertMessage(a: AlertFacts, now: number, opts: { reminder?: number; env?: NodeJS.ProcessEnv } = {}): NotificationMessage {
  const env = opts.env ?? process.env;
  const reminder = opts.reminder ?? 0;
  const regions = regionsLine(a);
  const facts = [{ label: "Since", value: `${utc(a.openedAt)} (${formatAgo(now - a.openedAt)})` }];
  if (regions) facts.push({ label: "Regions", value: regions });
  facts.push({ label: a.kind === "monitor_down" ? "Error" : "Details", value: a.reason });
  const summary =
    a.kind === "monitor_down"
      ? `${a.monitorName ?? a.title} has been down since ${utc(a.openedAt)}${regions ? `, confirmed by ${regions}` : ""}. ${a.reason}`
      : `${a.title}. ${a.reason}`;
  return {
    event: reminder > 0 ? "reminder" : "alert",
    severity: a.kind === "monitor_down" ? "critical" : "warning",
    title: reminder > 0 ? `${a.title} (still unacknowledged after ${formatDuration(now - a.openedAt)})` : a.title,
    summary,
    facts,
    links: links(a, now, env, true),
    at: now,
    ref: `alert-${a.id}`,
  };
}

/**
 * The one notice of a flapping episode: the monitor keeps going down and up, the alert stays
 * open, and further down/up messages are held back until it is stable. `changes` is the number
 * of state changes in the flapping window (`windowMs`).
 */
export function flappingMessage(a: AlertFacts, flap: { changes: number; windowMs: number }, now: number, env: NodeJS.ProcessEnv = process.env): NotificationMessage {
  const { changes, windowMs } = flap;
  const name = a.monitorName ?? a.title.replace(/ is down$/, "");
  return {
    event: "alert",
    severity: "warning",
    title: `${name} is flapping`,
    summary:
      `${name} changed state ${changes} times in the last ${formatDuration(windowMs)}: it keeps going down and coming back. ` +
      `The alert opened at ${utc(a.openedAt)} stays open and further down/up messages are held back until it is stable; you will hear when it has recovered.`,
    facts: [
      { label: "State changes", value: `${changes} in ${formatDuration(windowMs)}` },
      { label: "Alert open since", value: utc(a.openedAt) },
      { label: "Error", value: a.reason },
    ],
    links: links(a, now, env, a.resolvedAt === null),
    at: now,
    ref: `alert-${a.id}`,
  };
}

/** The all-clear for the channels that were told. */
export function recoveryMessage(a: AlertFacts, now: number, env: NodeJS.ProcessEnv = process.env): NotificationMessage {
  const resolvedAt = a.resolvedAt ?? now;
  const what = a.kind === "monitor_down" ? `${a.monitorName ?? a.title} recovered` : a.title.replace(/ silent for .*$/, " is reporting again");
  return {
    event: "recovery",
    severity: "resolved",
    title: what,
    summary: `${what} at ${utc(resolvedAt)} after ${formatDuration(resolvedAt - a.openedAt)}. ${a.resolveReason ?? ""}`.trim(),
    facts: [
      { label: "Down from", value: utc(a.openedAt) },
      { label: "Recovered", value: utc(resolvedAt) },
      { label: "Duration", value: formatDuration(resolvedAt - a.openedAt) },
    ],
    links: links(a, now, env, false),
    at: resolvedAt,
    ref: `alert-${a.id}`,
  };
}

export interface MaintenanceFacts {
  id: number;
  title: string;
  scheduledFor: number;
  scheduledUntil: number;
  components: string[];
}

export function maintenanceMessage(m: MaintenanceFacts, phase: "started" | "completed", env: NodeJS.ProcessEnv = process.env): NotificationMessage {
  const at = phase === "started" ? m.scheduledFor : m.scheduledUntil;
  return {
    event: phase === "started" ? "maintenance_started" : "maintenance_completed",
    severity: "info",
    title: `Maintenance ${phase === "started" ? "started" : "completed"}: ${m.title}`,
    summary:
      phase === "started"
        ? `Maintenance "${m.title}" is in progress until ${utc(m.scheduledUntil)}. Alerts for ${m.components.join(", ") || "its components"} are held back until then.`
        : `Maintenance "${m.title}" is completed. Alerts for ${m.components.join(", ") || "its components"} are live again.`,
    facts: [
      { label: "Window", value: `${utc(m.scheduledFor)} – ${utc(m.scheduledUntil)}` },
      { label: "Components", value: m.components.join(", ") || "none" },
    ],
    links: [{ label: "Open dashboard", url: `${publicBaseUrl(env)}/dashboard/incidents/${m.id}`, kind: "dashboard" }],
    at,
    ref: `maintenance-${m.id}`,
  };
}
