import { SYSTEM_ACTOR } from "../audit/log";
import { afterEach, describe, expect, it } from "vitest";
import { makeComponent, makeMonitor } from "../db/test-db";
import { notificationOutbox } from "../db/schema";
import { startRecorder, type Recorder } from "../notify/test-fixtures";
import { feedEntries, renderAtom, renderRss } from "../public/feeds";
import { incidentHistory, publicIncidentDetail } from "../public/history";
import { publicIncidents } from "../public/incidents";
import { loadStatusPage } from "../public/status-page";
import { statuspageIncidents, statuspageSummary, statuspageUnresolvedIncidents } from "../public/statuspage";
import { fanOutIncidentUpdates } from "../subscriptions/fan-out";
import { confirm, subscribe } from "../subscriptions/manage";
import { BASE, client, confirmedEmailSubscriber, MIN, T0, useWorld } from "../subscriptions/test-support";
import { autoIncidentImpactStatements, autoIncidentStatements } from "./auto";
import { createIncident, getIncident, mergeIncident, postUpdate } from "./manage";

/** What only the team may read: a private monitor's name and the errors its checks saw. */
const PRIVATE_NAME = "Ledger reconciler";
const PRIVATE_REASONS = ["ledger-db.internal:5432 ECONNREFUSED", "ledger escalation 7731", "ledger back 4410"];
const MARKERS = [PRIVATE_NAME, ...PRIVATE_REASONS];

describe("merging automatic incidents keeps each entry's privacy", () => {
  const world = useWorld();
  let hook: Recorder | undefined;
  afterEach(async () => {
    await hook?.close();
    hook = undefined;
  });

  it("publishes a public monitor's entries through the target and never a private monitor's, before or after the merge", async () => {
    const { db } = world;
    hook = await startRecorder(() => ({ status: 200, body: "ok" }));
    const api = await makeComponent(db, { name: "API" });
    const publicMonitor = await makeMonitor(db, { name: "API health", componentId: api.id });
    // Private monitor on a public component: the component may be named, the monitor never.
    const privateMonitor = await makeMonitor(db, { name: PRIVATE_NAME, componentId: api.id, isPublic: false });
    const pub = { id: publicMonitor.id, name: "API health", componentId: api.id };
    const priv = { id: privateMonitor.id, name: PRIVATE_NAME, componentId: api.id };
    await confirmedEmailSubscriber(world, "all@example.com");
    const sub = await subscribe(db, { kind: "webhook", address: `${hook.url}/hooks/status` }, client(), T0);
    await confirm(db, sub.kind === "webhook" ? sub.token : "", T0);

    const manual = await createIncident(
      db,
      SYSTEM_ACTOR,
      { title: "API outage", status: "identified", impact: "major", componentImpacts: [{ componentId: api.id, impact: "partial_outage" }], body: "We are on it.", published: true },
      T0 + MIN,
    );
    // Both monitors fail; both automatic incidents are drafts (the component does not publish incidents).
    const down = (m: typeof pub, reason: string, at: number) =>
      db.$client.batch(autoIncidentStatements(m, { from: "operational", to: "down", at, reason }, { down: 2, live: 3 }, at), "write");
    await down(priv, PRIVATE_REASONS[0], T0 + 2 * MIN);
    await down(pub, "3 of 3 regions failed twice: HTTP 502", T0 + 2 * MIN);
    const autoOf = async (monitorId: number) => Number((await db.$client.execute({ sql: "SELECT id FROM incidents WHERE monitor_id = ?", args: [monitorId] })).rows[0].id);
    const [privateAuto, publicAuto] = [await autoOf(priv.id), await autoOf(pub.id)];
    await fanOutIncidentUpdates(db, T0 + 3 * MIN);

    await mergeIncident(db, SYSTEM_ACTOR, privateAuto, manual, T0 + 4 * MIN);
    await mergeIncident(db, SYSTEM_ACTOR, publicAuto, manual, T0 + 5 * MIN);
    // Later entries from the coordinator: the private one escalates, then both recover.
    await db.$client.batch(autoIncidentImpactStatements(priv, "down", { down: 3, live: 3 }, T0 + 6 * MIN), "write");
    await db.$client.batch(
      autoIncidentStatements(priv, { from: "down", to: "degraded", at: T0 + 7 * MIN, reason: PRIVATE_REASONS[1] }, { down: 3, live: 3 }, T0 + 7 * MIN),
      "write",
    );
    await db.$client.batch(autoIncidentStatements(priv, { from: "degraded", to: "operational", at: T0 + 8 * MIN, reason: PRIVATE_REASONS[2] }, { down: 0, live: 3 }, T0 + 8 * MIN), "write");
    await db.$client.batch(autoIncidentStatements(pub, { from: "down", to: "operational", at: T0 + 8 * MIN, reason: "3 of 3 regions answered" }, { down: 0, live: 3 }, T0 + 8 * MIN), "write");
    await postUpdate(db, SYSTEM_ACTOR, manual, { status: "monitoring", body: "A fix is out." }, T0 + 9 * MIN);
    const now = T0 + 10 * MIN;
    await fanOutIncidentUpdates(db, now);
    const mails = await world.deliver(now);

    const publicEntries = [
      "We are on it.",
      "API health is partly down: 3 of 3 regions failed twice: HTTP 502",
      `Merged automatic incident #${publicAuto} “API health is partly down”`,
      "API health recovered after 6 min: 3 of 3 regions answered",
      "A fix is out.",
    ];
    const site = { siteUrl: BASE, now };
    const surfaces: Record<string, string> = {
      "permalink": JSON.stringify(await publicIncidentDetail(db, manual, now)),
      "page incidents": JSON.stringify(await publicIncidents(db, now, now - 86_400_000)),
      "page loader": JSON.stringify((await loadStatusPage(db, now)).incidents),
      "history": JSON.stringify(await incidentHistory(db, { now })),
      "rss": renderRss(await feedEntries(db, { now }), { title: "Acme", siteUrl: BASE, feedUrl: `${BASE}/feed.rss`, now }),
      "atom": renderAtom(await feedEntries(db, { now }), { title: "Acme", siteUrl: BASE, feedUrl: `${BASE}/feed.atom`, now, author: "Acme" }),
      "incidents.json": JSON.stringify(await statuspageIncidents(db, site)),
      "unresolved.json": JSON.stringify(await statuspageUnresolvedIncidents(db, site)),
      "summary.json": JSON.stringify(await statuspageSummary(db, site)),
      "emails": JSON.stringify(mails.map((m) => [m.parsed.subject, m.parsed.text, m.parsed.html])),
      "webhooks": JSON.stringify(hook.requests.map((r) => r.body)),
      "outbox": JSON.stringify(await db.select().from(notificationOutbox)),
    };
    for (const [surface, text] of Object.entries(surfaces)) {
      for (const marker of MARKERS) expect(text, `${surface} shows “${marker}”`).not.toContain(marker);
    }
    // The public entries are all still there, on every surface that shows whole timelines.
    for (const surface of ["permalink", "page incidents", "page loader", "rss", "atom", "incidents.json", "unresolved.json", "summary.json"]) {
      for (const entry of publicEntries) expect(surfaces[surface], `${surface} lacks “${entry}”`).toContain(entry);
    }
    // Subscribers heard of the target's entries written since the first fan-out: public ones only.
    const bodies = mails.map((m) => String(m.parsed.text));
    expect(bodies.filter((b) => b.includes("A fix is out.")).length).toBe(1);
    expect(bodies.filter((b) => b.includes("API health recovered after 6 min")).length).toBe(1);
    expect(hook.requests.map((r) => JSON.parse(r.body).data.update.body)).toEqual(
      expect.arrayContaining(["A fix is out.", "API health recovered after 6 min: 3 of 3 regions answered"]),
    );
    // The private incident has no permalink of its own, not even a redirect to its target; the public one leads there.
    expect(await publicIncidentDetail(db, privateAuto, now)).toBeNull();
    expect(await publicIncidentDetail(db, publicAuto, now)).toEqual({ redirectTo: manual });

    // The team sees everything in the target's timeline, private entries included.
    const team = JSON.stringify((await getIncident(db, manual))!.updates.map((u) => u.body));
    for (const text of [...MARKERS, ...publicEntries]) expect(team).toContain(text);
  });
});
