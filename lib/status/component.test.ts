import { describe, expect, it } from "vitest";
import type { MonitorStatus } from "../db/schema/monitor-states";
import type { Condition } from "../db/schema/state-time";
import { componentStatus, groupStatus, maintenanceInProgress, monitorsStatus, pageStatusOf, type ComponentStatus } from "./component";

const m = (status: MonitorStatus, condition: Condition | null = null, since: number | null = null) => ({ status, condition, since });

describe("the one status rule", () => {
  it("measures a component from its monitors: partial when some are down, a major outage only when all are down everywhere", () => {
    expect(monitorsStatus([m("operational", "up"), m("operational", "up")])).toBe("operational");
    expect(monitorsStatus([m("operational", "up"), m("degraded", "degraded")])).toBe("degraded");
    expect(monitorsStatus([m("down", "partial")])).toBe("partial_outage");
    expect(monitorsStatus([m("down", "major"), m("operational", "up")])).toBe("partial_outage");
    expect(monitorsStatus([m("down", "major"), m("no_data", "no_data")])).toBe("partial_outage");
    expect(monitorsStatus([m("down", "major"), m("down", "major")])).toBe("down");
    expect(monitorsStatus([m("down", "major"), m("down", "partial")])).toBe("partial_outage");
    // No data is never green, and outranks nothing observed.
    expect(monitorsStatus([])).toBe("no_data");
    expect(monitorsStatus([m("no_data"), m("operational", "up")])).toBe("no_data");
    expect(monitorsStatus([m("no_data"), m("degraded", "degraded")])).toBe("degraded");
  });

  it("takes the worse of measured and declared; maintenance only while in progress, and a declaration still wins over it", () => {
    const up = [m("operational", "up", 5)];
    expect(componentStatus({ monitors: up, declared: ["partial_outage"], inMaintenance: false })).toMatchObject({ status: "partial_outage", source: "declared", detectedAutomatically: false });
    expect(componentStatus({ monitors: up, declared: ["degraded_performance", "major_outage"], inMaintenance: false }).status).toBe("down");
    // Measured worse than declared: the monitors win, and the team has spoken (not "detected automatically").
    expect(componentStatus({ monitors: [m("down", "major", 7)], declared: ["degraded_performance"], inMaintenance: false })).toEqual({ status: "down", source: "monitors", since: 7, detectedAutomatically: false });
    expect(componentStatus({ monitors: [m("down", "major", 7)], declared: [], inMaintenance: true }).status).toBe("maintenance");
    expect(componentStatus({ monitors: up, declared: ["major_outage"], inMaintenance: true }).status).toBe("down");
    expect(componentStatus({ monitors: [], declared: [], inMaintenance: false }).status).toBe("no_data");
  });

  it("says a problem was detected automatically only when the monitors see one and nobody has declared anything", () => {
    expect(componentStatus({ monitors: [m("down", "partial", 9), m("operational", "up", 1)], declared: [], inMaintenance: false })).toEqual({ status: "partial_outage", source: "monitors", since: 9, detectedAutomatically: true });
    expect(componentStatus({ monitors: [m("degraded", "degraded", 3)], declared: [], inMaintenance: false }).detectedAutomatically).toBe(true);
    expect(componentStatus({ monitors: [m("no_data", null, 3)], declared: [], inMaintenance: false }).detectedAutomatically).toBe(false);
    expect(componentStatus({ monitors: [m("operational", "up", 3)], declared: [], inMaintenance: false }).detectedAutomatically).toBe(false);
  });

  it("makes a group its worst component, in maintenance only when all are", () => {
    expect(groupStatus(["operational", "maintenance"])).toBe("operational");
    expect(groupStatus(["maintenance", "maintenance"])).toBe("maintenance");
    expect(groupStatus(["maintenance", "degraded", "no_data"])).toBe("degraded");
    expect(groupStatus(["partial_outage", "down"])).toBe("down");
    expect(groupStatus([])).toBe("no_data");
  });

  it("rolls the page up as Statuspage does, incidents' impacts included", () => {
    const page = (components: ComponentStatus[], incidentImpacts: ("none" | "minor" | "major" | "critical")[] = [], maintenanceInProgress = false) =>
      pageStatusOf({ components, incidentImpacts, maintenanceInProgress });
    expect(page(["operational", "operational"])).toBe("operational");
    expect(page(["operational", "degraded"])).toBe("degraded");
    expect(page(["degraded", "partial_outage"])).toBe("minor_outage");
    expect(page(["operational", "down"])).toBe("partial_outage");
    expect(page(["down", "down", "maintenance"])).toBe("major_outage");
    expect(page(["operational", "maintenance"])).toBe("maintenance");
    expect(page(["operational"], [], true)).toBe("maintenance");
    expect(page(["degraded", "maintenance"])).toBe("degraded");
    expect(page(["operational"], ["critical"])).toBe("major_outage");
    expect(page(["operational"], ["major"])).toBe("partial_outage");
    expect(page(["operational"], ["minor"])).toBe("minor_outage");
    expect(page(["operational"], ["none"])).toBe("operational");
    expect(page(["operational", "no_data"])).toBe("some_no_data");
    expect(page(["no_data"])).toBe("no_data");
    expect(page([])).toBe("no_data");
    expect(page(["no_data", "degraded"])).toBe("degraded");
  });

  it("counts maintenance as in progress only inside its window", () => {
    const w = { status: "scheduled" as const, resolvedAt: null, scheduledFor: 1_000, scheduledUntil: 2_000 };
    expect(maintenanceInProgress(w, 999)).toBe(false);
    expect(maintenanceInProgress(w, 1_000)).toBe(true);
    expect(maintenanceInProgress({ ...w, status: "in_progress" }, 1_500)).toBe(true);
    expect(maintenanceInProgress({ ...w, status: "in_progress" }, 2_000)).toBe(false);
    expect(maintenanceInProgress({ ...w, status: "completed", resolvedAt: 1_200 }, 1_500)).toBe(false);
  });
});

describe("paused monitors", () => {
  it("are left out of what a component measures; all paused is paused, never green nor no data", () => {
    expect(monitorsStatus([m("paused"), m("paused")])).toBe("paused");
    expect(monitorsStatus([m("paused"), m("down")])).toBe("down");
    expect(monitorsStatus([m("paused"), m("operational")])).toBe("operational");
    expect(componentStatus({ monitors: [m("paused")], declared: [], inMaintenance: false })).toMatchObject({ status: "paused", detectedAutomatically: false });
  });
  it("make a group and the page say paused only when nothing worse is known", () => {
    expect(groupStatus(["paused", "paused"])).toBe("paused");
    expect(groupStatus(["paused", "operational"])).toBe("operational");
    expect(groupStatus(["paused", "degraded"])).toBe("degraded");
    expect(pageStatusOf({ components: ["operational", "paused"], incidentImpacts: [] })).toBe("paused");
    expect(pageStatusOf({ components: ["down", "paused"], incidentImpacts: [] })).toBe("major_outage");
    expect(pageStatusOf({ components: ["no_data", "paused"], incidentImpacts: [] })).toBe("no_data");
  });
});
