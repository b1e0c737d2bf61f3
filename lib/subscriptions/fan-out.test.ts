import { SYSTEM_ACTOR } from "../audit/log";
import { afterEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { makeComponent } from "../db/test-db";
import { notificationOutbox } from "../db/schema";
import { advanceMaintenance, createIncident, mergeIncident, postUpdate, publishIncident, scheduleMaintenance } from "../incidents/manage";
import { autoIncidentStatements } from "../incidents/auto";
import { makeMonitor } from "../db/test-db";
import { startRecorder, type Recorder } from "../notify/test-fixtures";
import { readCursor } from "../db/cursors";
import { DRAFT_MEMORY_MS, fanOutIncidentUpdates, MAX_UPDATE_AGE_MS, UPDATES_CURSOR } from "./fan-out";
import { confirm, subscribe, unsubscribe, webhookSecretFor } from "./manage";
import { BASE, client, confirmedEmailSubscriber, header, HOUR, MIN, T0, useWorld } from "./test-support";

describe("incident and maintenance updates to email subscribers", () => {
  const world = useWorld();

  async function setup() {
    const { db } = world;
    const api = await makeComponent(db, { name: "API" });
    const web = await makeComponent(db, { name: "Website" });
    const hidden = await makeComponent(db, { name: "Billing internals", isPublic: false });
    const all = await confirmedEmailSubscriber(world, "all@example.com");
    const apiOnly = await confirmedEmailSubscriber(world, "api@example.com", { componentIds: [api.id] });
    const webOnly = await confirmedEmailSubscriber(world, "web@example.com", { componentIds: [web.id] });
    return { db, api, web, hidden, all, apiOnly, webOnly };
  }

  it("sends each update once to each subscriber of an affected component, however often the fan-out runs", async () => {
    const { db, api, hidden, all, apiOnly } = await setup();
    const id = await createIncident(
      db,
      SYSTEM_ACTOR,
      {
        title: "API is down",
        status: "investigating",
        impact: "major",
        componentImpacts: [
          { componentId: api.id, impact: "major_outage" },
          { componentId: hidden.id, impact: "major_outage" },
        ],
        body: "We are **looking** into errors on the API.",
        published: true,
      },
      T0 + MIN,
    );
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "resolved", body: "Fixed." }, T0 + 2 * MIN);
    // Twice, and twice at once: the dedupe keys and the cursor keep it at one each.
    await fanOutIncidentUpdates(db, T0 + 3 * MIN);
    await Promise.all([fanOutIncidentUpdates(db, T0 + 3 * MIN), fanOutIncidentUpdates(db, T0 + 3 * MIN)]);
    const mails = await world.deliver(T0 + 3 * MIN);
    // Twice more after delivery: nothing new.
    await fanOutIncidentUpdates(db, T0 + 4 * MIN);
    expect(await world.deliver(T0 + 4 * MIN)).toEqual([]);

    const got = mails.map((m) => `${m.to[0]} ${m.parsed.subject}`).sort();
    expect(got).toEqual([
      "all@example.com [Investigating] API is down",
      "all@example.com [Resolved] API is down",
      "api@example.com [Investigating] API is down",
      "api@example.com [Resolved] API is down",
    ]);
    expect(await db.select().from(notificationOutbox)).toHaveLength(3 + 4); // 3 confirmations, 4 updates

    const first = mails.find((m) => m.to[0] === "api@example.com" && m.parsed.subject === "[Investigating] API is down")!;
    const text = String(first.parsed.text);
    const html = String(first.parsed.html);
    // The Markdown as plain text, rendered in HTML; public components only.
    expect(text).toContain("We are looking into errors on the API.");
    expect(html).toContain("We are <strong>looking</strong> into errors on the API.");
    expect(text).toMatch(/Component:\s+API\n/);
    for (const part of [text, html, String(first.parsed.subject)]) expect(part).not.toContain("Billing");
    // The subscriber's own links, in both parts; the incident's public page.
    expect(header(first, "List-Unsubscribe")).toBe(`<${BASE}/api/unsubscribe/${apiOnly.token}>`);
    expect(header(first, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    for (const url of [`${BASE}/subscribe/manage/${apiOnly.token}`, `${BASE}/unsubscribe/${apiOnly.token}`, `${BASE}/incidents/${id}`]) {
      expect(text).toContain(url);
      expect(html).toContain(`href="${url}"`);
    }
    expect(text).not.toContain(all.token);
    // One thread per incident.
    const resolved = mails.find((m) => m.to[0] === "api@example.com" && m.parsed.subject === "[Resolved] API is down")!;
    expect(header(resolved, "References")).toBe(header(first, "References"));
    expect(await readCursor(db, UPDATES_CURSOR)).toBeGreaterThan(0);
  });

  it("reaches only subscribers of the affected components, and all-components subscribers for incidents without public components", async () => {
    const { db, web, hidden } = await setup();
    await createIncident(db, SYSTEM_ACTOR, { title: "Website slow", status: "identified", impact: "minor", componentImpacts: [{ componentId: web.id, impact: "degraded_performance" }], body: "CDN.", published: true }, T0 + MIN);
    await createIncident(db, SYSTEM_ACTOR, { title: "Internal trouble", status: "investigating", impact: "minor", componentImpacts: [{ componentId: hidden.id, impact: "partial_outage" }], body: "x", published: true }, T0 + MIN);
    await fanOutIncidentUpdates(db, T0 + 2 * MIN);
    const got = (await world.deliver(T0 + 2 * MIN)).map((m) => `${m.to[0]} ${m.parsed.subject}`).sort();
    expect(got).toEqual(["all@example.com [Identified] Website slow", "all@example.com [Investigating] Internal trouble", "web@example.com [Identified] Website slow"]);
  });

  it("sends nothing to unsubscribed or unconfirmed subscribers", async () => {
    const { db, api, apiOnly } = await setup();
    await unsubscribe(db, apiOnly.token, T0 + MIN);
    await subscribe(db, { kind: "email", address: "pending@example.com" }, client(), T0 + MIN);
    await world.deliver(T0 + MIN); // its confirmation
    await createIncident(db, SYSTEM_ACTOR, { title: "API is down", status: "investigating", impact: "major", componentImpacts: [{ componentId: api.id, impact: "major_outage" }], body: "x", published: true }, T0 + 2 * MIN);
    await fanOutIncidentUpdates(db, T0 + 3 * MIN);
    expect((await world.deliver(T0 + 3 * MIN)).map((m) => m.to[0])).toEqual(["all@example.com"]);
  });

  it("names maintenance by its phase: scheduled, in progress, completed", async () => {
    const { db, web } = await setup();
    const id = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Database upgrade", body: "Expect a short read-only period.", componentIds: [web.id], scheduledFor: T0 + HOUR, scheduledUntil: T0 + 2 * HOUR, published: true }, T0 + MIN);
    await fanOutIncidentUpdates(db, T0 + MIN);
    await advanceMaintenance(db, T0 + HOUR + MIN);
    await fanOutIncidentUpdates(db, T0 + HOUR + MIN);
    await advanceMaintenance(db, T0 + 2 * HOUR + MIN);
    await fanOutIncidentUpdates(db, T0 + 2 * HOUR + MIN);
    const mails = (await world.deliver(T0 + 2 * HOUR + MIN)).filter((m) => m.to[0] === "web@example.com");
    expect(mails.map((m) => m.parsed.subject)).toEqual(["[Scheduled maintenance] Database upgrade", "[Maintenance in progress] Database upgrade", "[Maintenance completed] Database upgrade"]);
    expect(String(mails[0].parsed.text)).toMatch(/Window:\s+2026-11-26 11:00 UTC to 2026-11-26 12:00 UTC/);
    expect(String(mails[0].parsed.text)).toContain(`${BASE}/incidents/${id}`);
  });

  it("the text part shows Markdown as plain text: no emphasis markers, links as text (url), lists as - item", async () => {
    const { db, api } = await setup();
    const body = [
      "We have **identified** the cause: a _bad_ deploy of `api-7`.",
      "",
      "- rolled back at 10:05",
      "- caches [warming up](https://example.com/runbook) now",
      "",
      "1. first",
      "2. second",
      "",
      "Details at https://example.com/postmortem.",
    ].join("\n");
    await createIncident(db, SYSTEM_ACTOR, { title: "API errors", status: "identified", impact: "minor", componentImpacts: [{ componentId: api.id, impact: "partial_outage" }], body, published: true }, T0 + MIN);
    await fanOutIncidentUpdates(db, T0 + MIN);
    const [mail] = (await world.deliver(T0 + MIN)).filter((m) => m.to[0] === "api@example.com");
    const text = String(mail.parsed.text);
    expect(text).toContain(
      [
        "We have identified the cause: a bad deploy of api-7.",
        "",
        "- rolled back at 10:05",
        "- caches warming up (https://example.com/runbook) now",
        "",
        "1. first",
        "2. second",
        "",
        "Details at https://example.com/postmortem.",
      ].join("\n"),
    );
    expect(text).not.toMatch(/\*\*|\b_bad_\b|`|\]\(/);
    // The HTML part is still the rendered Markdown.
    expect(String(mail.parsed.html)).toContain("<strong>identified</strong>");
  });

  it("escapes hostile text in the HTML part and keeps it as plain text in the text part", async () => {
    const { db, api } = await setup();
    const title = `<script>alert("t")</script> & <b>API</b>`;
    const body = `<img src=x onerror=alert(1)> [Log in](javascript:alert(2)) "quoted"`;
    await createIncident(db, SYSTEM_ACTOR, { title, status: "investigating", impact: "major", componentImpacts: [{ componentId: api.id, impact: "major_outage" }], body, published: true }, T0 + MIN);
    await fanOutIncidentUpdates(db, T0 + MIN);
    const [mail] = (await world.deliver(T0 + MIN)).filter((m) => m.to[0] === "api@example.com");
    const html = String(mail.parsed.html);
    expect(mail.parsed.subject).toBe(`[Investigating] ${title}`);
    // Tags arrive as text, never as markup.
    expect(html).not.toMatch(/<script|<img|<[^>]+\sonerror=|href="javascript:|<b>API/i);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &lt;b&gt;API&lt;/b&gt;");
    expect(String(mail.parsed.text)).toContain(body);
  });

  it("holds back updates of drafts; on publishing, sends the latest one, once", async () => {
    const { db, api } = await setup();
    const id = await createIncident(db, SYSTEM_ACTOR, { title: "API errors", status: "investigating", impact: "minor", componentImpacts: [{ componentId: api.id, impact: "partial_outage" }], body: "draft 1", published: false }, T0 + MIN);
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "identified", body: "draft 2" }, T0 + 2 * MIN);
    await fanOutIncidentUpdates(db, T0 + 3 * MIN);
    expect(await world.deliver(T0 + 3 * MIN)).toEqual([]);

    await publishIncident(db, SYSTEM_ACTOR, id, true, T0 + 4 * MIN);
    await fanOutIncidentUpdates(db, T0 + 5 * MIN);
    await fanOutIncidentUpdates(db, T0 + 6 * MIN);
    let mails = await world.deliver(T0 + 6 * MIN);
    expect(mails.map((m) => `${m.to[0]} ${m.parsed.subject}`).sort()).toEqual(["all@example.com [Identified] API errors", "api@example.com [Identified] API errors"]);
    expect(String(mails[0].parsed.text)).toContain("draft 2");

    // Later updates go out as usual; hiding and re-publishing does not repeat what was sent.
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "resolved", body: "Fixed." }, T0 + 7 * MIN);
    await publishIncident(db, SYSTEM_ACTOR, id, false, T0 + 8 * MIN);
    await publishIncident(db, SYSTEM_ACTOR, id, true, T0 + 9 * MIN);
    await fanOutIncidentUpdates(db, T0 + 10 * MIN);
    await fanOutIncidentUpdates(db, T0 + 11 * MIN);
    mails = await world.deliver(T0 + 11 * MIN);
    expect(mails.map((m) => m.parsed.subject)).toEqual(["[Resolved] API errors", "[Resolved] API errors"]);
  });

  it("forgets drafts that stay unpublished a week after resolution, and follows merged incidents through their target", async () => {
    const { db, api } = await setup();
    const draft = await createIncident(db, SYSTEM_ACTOR, { title: "Never published", status: "resolved", impact: "minor", body: "x", published: false }, T0 + MIN);
    await fanOutIncidentUpdates(db, T0 + MIN);
    const remembered = async () => (await db.$client.execute("SELECT name FROM cursors WHERE name LIKE 'subscriptions:draft:%'")).rows.map((r) => String(r.name));
    expect(await remembered()).toEqual([`subscriptions:draft:${draft}`]);
    await fanOutIncidentUpdates(db, T0 + MIN + DRAFT_MEMORY_MS + 1);
    expect(await remembered()).toEqual([]);

    // An automatic draft merged into a published manual incident: the target's entries are sent, the draft's are not.
    const monitor = await makeMonitor(db, { name: "API health", componentId: api.id });
    await db.$client.batch(autoIncidentStatements({ id: monitor.id, name: "API health", componentId: api.id }, { from: "operational", to: "down", at: T0 + 2 * MIN, reason: "3 of 3 regions failed" }, { down: 3, live: 3 }, T0 + 2 * MIN), "write");
    const auto = Number((await db.$client.execute("SELECT id FROM incidents WHERE source = 'auto'")).rows[0].id);
    const now = T0 + DRAFT_MEMORY_MS;
    await fanOutIncidentUpdates(db, now);
    expect(await remembered()).toEqual([`subscriptions:draft:${auto}`]);
    const target = await createIncident(db, SYSTEM_ACTOR, { title: "API outage", status: "identified", impact: "major", componentImpacts: [{ componentId: api.id, impact: "major_outage" }], body: "On it.", published: true }, now + MIN);
    await mergeIncident(db, SYSTEM_ACTOR, auto, target, now + 2 * MIN);
    await fanOutIncidentUpdates(db, now + 3 * MIN);
    const mails = await world.deliver(now + 3 * MIN);
    expect(mails.filter((m) => m.to[0] === "api@example.com").map((m) => m.parsed.subject)).toEqual(["[Identified] API outage", "[Identified] API outage"]);
    expect(String(mails.filter((m) => m.to[0] === "api@example.com")[1].parsed.text)).toMatch(/Merged automatic incident/);
    expect(await remembered()).toEqual([]);
  });

  it("skips entries that were already a day old when the fan-out reached them", async () => {
    const { db, api } = await setup();
    await createIncident(db, SYSTEM_ACTOR, { title: "Old news", status: "investigating", impact: "minor", componentImpacts: [{ componentId: api.id, impact: "partial_outage" }], body: "x", published: true }, T0 + MIN);
    await fanOutIncidentUpdates(db, T0 + MIN + MAX_UPDATE_AGE_MS + 1);
    expect(await world.deliver(T0 + MIN + MAX_UPDATE_AGE_MS + 1)).toEqual([]);
    expect(await readCursor(db, UPDATES_CURSOR)).toBeGreaterThan(0);
  });

  it("does nothing (and writes nothing) when there is nothing new", async () => {
    const { db } = world;
    expect(await fanOutIncidentUpdates(db, T0)).toEqual({ updates: 0, queued: 0 });
    expect(await readCursor(db, UPDATES_CURSOR)).toBe(0);
  });
});

describe("incident updates to webhook subscribers", () => {
  const world = useWorld();
  let hook: Recorder;
  let answer = 200;
  afterEach(async () => {
    await hook?.close();
    answer = 200;
  });

  it("posts each update once, signed per Standard Webhooks with the subscriber's secret", async () => {
    const { db } = world;
    hook = await startRecorder(() => ({ status: answer, body: "ok" }));
    const api = await makeComponent(db, { name: "API" });
    const hidden = await makeComponent(db, { name: "Secret thing", isPublic: false });
    const other = await makeComponent(db, { name: "Other" });
    const sub = await subscribe(db, { kind: "webhook", address: `${hook.url}/hooks/status`, componentIds: [api.id] }, client(), T0);
    const token = sub.kind === "webhook" ? sub.token : "";
    const confirmed = await confirm(db, token, T0);
    const secret = confirmed.status === "confirmed" ? confirmed.webhookSecret! : "";
    expect(secret).toBe(webhookSecretFor(token));
    const notMine = await subscribe(db, { kind: "webhook", address: `${hook.url}/hooks/other`, componentIds: [other.id] }, client(), T0);
    await confirm(db, notMine.kind === "webhook" ? notMine.token : "", T0);

    const id = await createIncident(
      db,
      SYSTEM_ACTOR,
      { title: "API is down", status: "investigating", impact: "major", componentImpacts: [{ componentId: api.id, impact: "major_outage" }, { componentId: hidden.id, impact: "major_outage" }], body: "Looking.", published: true },
      T0 + MIN,
    );
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "resolved", body: "Fixed." }, T0 + 2 * MIN);
    await fanOutIncidentUpdates(db, T0 + 3 * MIN);
    await fanOutIncidentUpdates(db, T0 + 3 * MIN);
    await world.deliver(T0 + 3 * MIN);

    expect(hook.requests.map((r) => r.url)).toEqual(["/hooks/status", "/hooks/status"]);
    const bodies = hook.requests.map((r) => {
      // Throws unless the signature, id and timestamp check out.
      const verified = new Webhook(secret).verify(r.body, {
        "webhook-id": String(r.headers["webhook-id"]),
        "webhook-timestamp": String(r.headers["webhook-timestamp"]),
        "webhook-signature": String(r.headers["webhook-signature"]),
      });
      expect(verified).toEqual(JSON.parse(r.body));
      expect(r.headers["content-type"]).toBe("application/json");
      return JSON.parse(r.body);
    });
    expect(bodies.map((b) => b.type)).toEqual(["incident.created", "incident.resolved"]);
    expect(bodies[0].data.incident).toMatchObject({ id, title: "API is down", status: "investigating", url: `${BASE}/incidents/${id}`, components: [{ id: api.id, name: "API" }] });
    expect(bodies[1].data.update).toMatchObject({ status: "resolved", body: "Fixed." });
    expect(JSON.stringify(bodies)).not.toContain("Secret thing");
    expect(new Set(hook.requests.map((r) => r.headers["webhook-id"])).size).toBe(2);
    expect(() => new Webhook(webhookSecretFor(token + "x")).verify(hook.requests[0].body, hook.requests[0].headers as Record<string, string>)).toThrow();
  });

  it("refuses private targets at delivery when they are not allowed", async () => {
    const { db } = world;
    hook = await startRecorder(() => ({ status: 200 }));
    const sub = await subscribe(db, { kind: "webhook", address: `${hook.url}/x` }, client(), T0);
    await confirm(db, sub.kind === "webhook" ? sub.token : "", T0);
    await createIncident(db, SYSTEM_ACTOR, { title: "Down", status: "investigating", impact: "major", body: "x", published: true }, T0 + MIN);
    await fanOutIncidentUpdates(db, T0 + MIN);
    delete process.env.SUBSCRIBER_WEBHOOKS_ALLOW_PRIVATE;
    try {
      const { deliverDue, defaultSender } = await import("../notify/outbox");
      expect(await deliverDue(db, defaultSender, { now: () => T0 + MIN })).toEqual({ delivered: 0, retried: 0, dead: 1 });
    } finally {
      process.env.SUBSCRIBER_WEBHOOKS_ALLOW_PRIVATE = "1";
    }
    expect(hook.requests).toEqual([]);
    const [row] = await db.select().from(notificationOutbox);
    expect(row.lastError).toMatch(/refused to post to a subscriber URL: .*127\.0\.0\.1 is a private or loopback address/);
  });
});
