import type { MonitorStatus } from "../db/schema/monitor-states";

/** User-facing strings in one place, so other languages can be added beside this file. */
export const en = {
  status: {
    operational: "Operational",
    degraded: "Degraded performance",
    down: "Outage",
    no_data: "No data",
  } satisfies Record<MonitorStatus, string>,
  page: {
    skipToContent: "Skip to content",
    uptimeBarLabel: (name: string, days: number, uptime: string) => `${name}: ${uptime} uptime over the last ${days} days`,
    dayTitle: (date: string, uptime: string) => `${date}: ${uptime}`,
    daysAgo: (n: number) => `${n} days ago`,
    today: "Today",
    uptimeOver: (uptime: string) => `${uptime} uptime`,
    responseTime: "Response time, last 24 hours",
    sparklineLabel: (name: string, avg: string) => `${name}: average response time ${avg} over the last 24 hours`,
    since: (when: string) => `since ${when}`,
    updated: (when: string) => `Updated ${when}`,
    poweredBy: "Uptime measured every few seconds; times in UTC",
    noData: "no data",
  },
  incidents: {
    status: {
      investigating: "Investigating",
      identified: "Identified",
      monitoring: "Monitoring",
      resolved: "Resolved",
      scheduled: "Scheduled",
      in_progress: "In progress",
      verifying: "Verifying",
      completed: "Completed",
    } satisfies Record<import("../db/schema/incidents").IncidentStatus, string>,
    impact: { none: "No impact", minor: "Minor", major: "Major", critical: "Critical" } satisfies Record<import("../db/schema/incidents").IncidentImpact, string>,
    componentImpact: {
      degraded_performance: "Degraded performance",
      partial_outage: "Partial outage",
      major_outage: "Major outage",
    } satisfies Record<import("../db/schema/incidents").ComponentImpact, string>,
    currentHeading: "Current incidents",
    maintenanceHeading: "Scheduled maintenance",
    affected: "Affected",
    underMaintenance: "Under maintenance",
    started: "Started",
    window: "Window",
    upcoming: "Upcoming",
  },
  /** SVG badges and shields.io endpoint JSON: lower case, as badges are written. */
  badges: {
    statusLabel: "status",
    status: { operational: "operational", degraded: "degraded", down: "down", no_data: "no data" } satisfies Record<MonitorStatus, string>,
    uptimeLabel: (window: string) => `uptime ${window}`,
    responseTimeLabel: (window: string) => `avg response time ${window}`,
    noData: "no data",
    notFound: "badge not found: no public monitor or component with this key",
    unknownKind: (kind: string) => `unknown badge subject ${JSON.stringify(kind)}; expected /badge/monitor/<key>/… or /badge/component/<key>/…`,
    unknownBadge: (badge: string, windows: readonly string[]) =>
      `unknown badge ${JSON.stringify(badge)}; expected status, uptime-<window> or response-time-<window> (windows: ${windows.join(", ")}) followed by .svg or .json, e.g. uptime-30d.svg`,
    badStyle: (style: string, styles: readonly string[]) => `unknown style ${JSON.stringify(style)}; expected one of ${styles.join(", ")}`,
    badLabel: (max: number) => `label must be at most ${max} characters of plain text (no control characters)`,
  },
  /** The PNG uptime card (/card/…) and the iframe widget (/embed/…, /embed.js). */
  widgets: {
    uptimeOver: {
      "24h": "uptime, last 24 hours",
      "7d": "uptime, last 7 days",
      "30d": "uptime, last 30 days",
      "90d": "uptime, last 90 days",
    } satisfies Record<import("../dashboard/windows").WindowName, string>,
    asOf: (when: string) => `as of ${when}`,
    statusPageLink: (pageName: string) => `${pageName} status page`,
    embedTitle: (name: string, pageName: string) => `${name}: status and uptime (${pageName})`,
    barsWithoutData: (name: string, days: number) => `${name}: no uptime data over the last ${days} days`,
    notFound: "no public monitor or component with this key",
    unknownKind: (kind: string, example: string) => `unknown subject ${JSON.stringify(kind)}; expected monitor or component, as in ${example}`,
    badOption: (name: string, value: string, allowed: readonly string[]) => `unknown ${name} ${JSON.stringify(value)}; expected one of ${allowed.join(", ")}`,
    cardFailed: "The card could not be drawn just now: try again shortly.",
  },
};

export type Strings = typeof en;
export const strings: Strings = en;
