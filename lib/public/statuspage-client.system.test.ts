import { SYSTEM_ACTOR } from "../audit/log";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { IncidentImpact, IncidentStatus, MaintenanceStatus } from "statuspage.io";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "../db/client";
import { monitorStates } from "../db/schema";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import { createIncident, postUpdate, scheduleMaintenance } from "../incidents/manage";
import { pulse } from "../workers/pulse";
import {
  statuspageActiveMaintenances,
  statuspageComponents,
  statuspageIncidents,
  statuspageMaintenances,
  statuspageStatus,
  statuspageSummary,
  statuspageUnresolvedIncidents,
  statuspageUpcomingMaintenances,
} from "./statuspage";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const SITE = "https://status.example.com";

/**
 * The shapes the `statuspage.io` client declares (its dist/interfaces/Result.d.ts), as zod
 * schemas, with the client's own runtime enums for every vocabulary. Objects are loose: the
 * client reads these fields and ignores the rest. statuspage-client.typecheck.ts checks the
 * same at the type level.
 */
const values = <E extends Record<string, string>>(e: E) => Object.values(e) as [E[keyof E], ...E[keyof E][]];
const client = (() => {
  const page = z.object({ page: z.object({ id: z.string(), name: z.string(), time_zone: z.string(), updated_at: z.string(), url: z.string() }) });
  const component = z.object({
    created_at: z.string(),
    description: z.string().nullable(),
    group: z.boolean(),
    group_id: z.string().nullable(),
    id: z.string(),
    name: z.string(),
    only_show_if_degraded: z.boolean(),
    page_id: z.string(),
    position: z.number(),
    showcase: z.boolean(),
    start_date: z.string().nullable(),
    status: z.string(),
    updated_at: z.string(),
  });
  const update = (statuses: [string, ...string[]]) =>
    z.object({ body: z.string(), created_at: z.string(), display_at: z.string(), id: z.string(), incident_id: z.string(), status: z.enum(statuses), updated_at: z.string() });
  const incidentFields = {
    created_at: z.string(),
    id: z.string(),
    impact: z.enum(values(IncidentImpact)),
    monitoring_at: z.string().nullable(),
    name: z.string(),
    page_id: z.string(),
    resolved_at: z.string().nullable(),
    shortlink: z.string(),
    updated_at: z.string(),
  };
  const incident = z.object({ ...incidentFields, status: z.enum(values(IncidentStatus)), incident_updates: z.array(update(values(IncidentStatus))) });
  // The client types a maintenance's timeline as incident updates; Statuspage writes maintenance statuses there.
  const maintenance = z.object({
    ...incidentFields,
    status: z.enum(values(MaintenanceStatus)),
    scheduled_for: z.string(),
    scheduled_until: z.string(),
    incident_updates: z.array(update([...values(IncidentStatus), ...values(MaintenanceStatus)])),
  });
  const status = page.extend({ status: z.object({ description: z.string(), indicator: z.string() }) });
  const components = page.extend({ components: z.array(component) });
  const incidents = page.extend({ incidents: z.array(incident) });
  const maintenances = page.extend({ scheduled_maintenances: z.array(maintenance) });
  return { status, components, incidents, maintenances, summary: status.extend({ components: z.array(component), incidents: z.array(incident), scheduled_maintenances: z.array(maintenance) }) };
})();

describe("the /api/v2 documents as a typed Statuspage client reads them", () => {
  it("type-check against the client's published TypeScript types", () => {
    const tsc = join(process.cwd(), "node_modules", ".bin", "tsc");
    const args = ["--noEmit", "--strict", "--skipLibCheck", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "lib/public/statuspage-client.typecheck.ts"];
    let output = "";
    try {
      execFileSync(tsc, args, { cwd: process.cwd(), encoding: "utf8", timeout: 60_000 });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe("");
  });

  describe("on a real database, with maintenance scheduled, in progress and completed", () => {
    let db: Db;
    let cleanup: () => void;
    beforeEach(async () => ({ db, cleanup } = await createTestDb()));
    afterEach(() => cleanup());

    async function seed() {
      const api = await makeComponent(db, { key: "api", name: "API" });
      const web = await makeComponent(db, { key: "web", name: "Website" });
      for (const c of [api, web]) {
        const m = await makeMonitor(db, { componentId: c.id, createdAt: NOW - 10 * HOUR });
        await db.insert(monitorStates).values({ monitorId: m.id, status: "operational", condition: "up", since: NOW - 5 * HOUR, lastResultAt: NOW, updatedAt: NOW });
      }
      await pulse(db, "coordinator", "*", NOW - HOUR, {}, NOW);
      const incident = await createIncident(
        db,
        SYSTEM_ACTOR,
        { title: "Slow API", status: "identified", impact: "minor", componentImpacts: [{ componentId: api.id, impact: "partial_outage" }], body: "Looking.", published: true },
        NOW - 40 * MIN,
      );
      const window = (title: string, from: number, until: number, componentIds: number[]) =>
        scheduleMaintenance(db, SYSTEM_ACTOR, { title, body: `${title}.`, componentIds, scheduledFor: from, scheduledUntil: until, published: true }, NOW - 5 * HOUR);
      const scheduled = await window("Network work", NOW + 3 * HOUR, NOW + 4 * HOUR, [web.id]);
      const inProgress = await window("Database upgrade", NOW - 30 * MIN, NOW + 30 * MIN, [web.id]);
      await postUpdate(db, SYSTEM_ACTOR, inProgress, { status: "in_progress", body: "Started." }, NOW - 29 * MIN);
      const completed = await window("Old work", NOW - 4 * HOUR - 30 * MIN, NOW - 3 * HOUR, [api.id]);
      await postUpdate(db, SYSTEM_ACTOR, completed, { status: "in_progress", body: "Started." }, NOW - 4 * HOUR - 30 * MIN);
      await postUpdate(db, SYSTEM_ACTOR, completed, { status: "completed", body: "Done." }, NOW - 3 * HOUR);
      return { incident: String(incident), scheduled: String(scheduled), inProgress: String(inProgress), completed: String(completed) };
    }

    it("parses every document with the client's shapes and vocabularies, and keeps maintenance out of the incident lists", async () => {
      const ids = await seed();
      const o = { siteUrl: SITE, now: NOW };
      const summary = client.summary.parse(await statuspageSummary(db, o));
      client.status.parse(await statuspageStatus(db, o));
      const components = client.components.parse(await statuspageComponents(db, o));
      const incidents = client.incidents.parse(await statuspageIncidents(db, o));
      const unresolved = client.incidents.parse(await statuspageUnresolvedIncidents(db, o));
      const all = client.maintenances.parse(await statuspageMaintenances(db, o));
      const upcoming = client.maintenances.parse(await statuspageUpcomingMaintenances(db, o));
      const active = client.maintenances.parse(await statuspageActiveMaintenances(db, o));

      expect(incidents.incidents.map((i) => i.id)).toEqual([ids.incident]);
      expect(unresolved.incidents.map((i) => i.id)).toEqual([ids.incident]);
      expect(summary.incidents.map((i) => i.id)).toEqual([ids.incident]);
      expect(summary.scheduled_maintenances.map((m) => [m.id, m.status])).toEqual([
        [ids.inProgress, "in_progress"],
        [ids.scheduled, "scheduled"],
      ]);
      expect(new Set(all.scheduled_maintenances.map((m) => `${m.id}:${m.status}`))).toEqual(
        new Set([`${ids.scheduled}:scheduled`, `${ids.inProgress}:in_progress`, `${ids.completed}:completed`]),
      );
      expect(upcoming.scheduled_maintenances.map((m) => m.id)).toEqual([ids.scheduled]);
      expect(active.scheduled_maintenances.map((m) => m.id)).toEqual([ids.inProgress]);
      expect(all.scheduled_maintenances.map((m) => m.impact)).toEqual(["none", "none", "none"]);
      // The one rule: the declared partial outage shows on API; Website is under maintenance now, not for the one ahead.
      expect(components.components.map((c) => [c.id, c.status])).toEqual([
        ["api", "partial_outage"],
        ["web", "under_maintenance"],
      ]);
    });
  });
});
