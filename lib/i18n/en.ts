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
};

export type Strings = typeof en;
export const strings: Strings = en;
