import { SYSTEM_ACTOR } from "../audit/log";
import Parser from "rss-parser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../db/client";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import { autoIncidentStatements } from "../incidents/auto";
import { createIncident, mergeIncident, postUpdate, publishIncident, scheduleMaintenance } from "../incidents/manage";
import { feedEntries, renderAtom, renderRss, type FeedEntry, type FeedOptions } from "./feeds";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const SITE = "https://status.example.com";
const rssOptions = (now: number): FeedOptions => ({ title: "Acme: incidents and maintenance", siteUrl: SITE, feedUrl: `${SITE}/feed.rss`, now });
const atomOptions = (now: number): FeedOptions => ({ ...rssOptions(now), feedUrl: `${SITE}/feed.atom`, author: "Acme" });

type AtomItem = { id: string; updated: string; category: { $: { term: string } }[] };
const rss = new Parser();
const atom = new Parser<Record<string, never>, AtomItem>({ customFields: { item: ["updated", ["category", "category", { keepArray: true }]] } });

/** Characters XML 1.0 forbids: a strict parser (every browser, most readers) rejects the whole feed. */
const XML_ILLEGAL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe("incident feeds", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  /** A resolved outage, a maintenance window, a draft, and an automatic incident merged into a manual one. */
  async function seed() {
    const api = await makeComponent(db, { name: "API", publishIncidents: true });
    const web = await makeComponent(db, { name: "Web" });
    const secret = await makeComponent(db, { name: "Secret admin", isPublic: false });
    const outage = await createIncident(
      db,
      SYSTEM_ACTOR,
      {
        title: "API is down",
        status: "investigating",
        impact: "major",
        componentImpacts: [
          { componentId: web.id, impact: "degraded_performance" },
          { componentId: api.id, impact: "major_outage" },
          { componentId: secret.id, impact: "major_outage" },
        ],
        body: "We are **on it**.",
        published: true,
      },
      T0,
    );
    await postUpdate(db, SYSTEM_ACTOR, outage, { status: "identified", body: "A bad deploy: rolling back." }, T0 + 5 * MIN);
    await postUpdate(db, SYSTEM_ACTOR, outage, { status: "resolved", body: "Fixed _for good_." }, T0 + 30 * MIN);

    const maintenance = await scheduleMaintenance(
      db,
      SYSTEM_ACTOR,
      {
        title: "DB upgrade",
        body: "Upgrading the database; the API is read-only.",
        componentIds: [api.id, secret.id],
        scheduledFor: Date.UTC(2026, 10, 27, 2, 0),
        scheduledUntil: Date.UTC(2026, 10, 27, 4, 0),
        published: true,
      },
      T0 + 10 * MIN,
    );
    await createIncident(db, SYSTEM_ACTOR, { title: "Draft only", status: "investigating", impact: "minor", body: "not yet", published: false }, T0 + 40 * MIN);

    const monitor = await makeMonitor(db, { name: "API health", componentId: api.id });
    await db.$client.batch(
      autoIncidentStatements({ id: monitor.id, name: "API health", componentId: api.id }, { from: "operational", to: "down", at: T0 - HOUR, reason: "3 of 3 regions failed" }, { down: 3, live: 3 }, T0 - HOUR),
      "write",
    );
    const manual = await createIncident(db, SYSTEM_ACTOR, { title: "Slow logins", status: "identified", impact: "minor", body: "Looking into it", published: true }, T0 - 50 * MIN);
    const { rows } = await db.$client.execute("SELECT id FROM incidents WHERE source = 'auto'");
    const auto = Number(rows[0].id);
    await mergeIncident(db, SYSTEM_ACTOR, auto, manual, T0 - 45 * MIN);
    return { outage, maintenance, manual, auto };
  }

  it("lists published incidents and maintenance by latest activity, with timelines and public components only", async () => {
    const { outage, maintenance, manual, auto } = await seed();
    const entries = await feedEntries(db, { now: T0 + HOUR });

    expect(entries.map((e) => e.id)).toEqual([outage, maintenance, manual]);
    expect(entries.map((e) => e.id)).not.toContain(auto);
    const [o, m, merged] = entries;
    expect(o).toMatchObject({ kind: "incident", title: "API is down", status: "resolved", impact: "major", window: null, publishedAt: T0, updatedAt: T0 + 30 * MIN });
    expect(o.components).toEqual([
      { name: "API", impact: "major_outage" },
      { name: "Web", impact: "degraded_performance" },
    ]);
    expect(o.updates.map((u) => [u.status, u.createdAt, u.html])).toEqual([
      ["resolved", T0 + 30 * MIN, "<p>Fixed <em>for good</em>.</p>"],
      ["identified", T0 + 5 * MIN, "<p>A bad deploy: rolling back.</p>"],
      ["investigating", T0, "<p>We are <strong>on it</strong>.</p>"],
    ]);
    expect(m).toMatchObject({ kind: "maintenance", status: "scheduled", window: { from: Date.UTC(2026, 10, 27, 2), until: Date.UTC(2026, 10, 27, 4) }, updatedAt: T0 + 10 * MIN });
    expect(m.components.map((c) => c.name)).toEqual(["API"]);
    // The merged automatic incident's timeline shows through its target, never on its own.
    expect(merged.updates.map((u) => u.html)).toEqual([
      expect.stringContaining("Merged automatic incident"),
      "<p>Looking into it</p>",
      "<p>API health is down: 3 of 3 regions failed</p>",
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/Secret admin|Draft only/);

    // Publishing the draft puts it in; the limit keeps the newest.
    const draft = Number((await db.$client.execute("SELECT id FROM incidents WHERE title = 'Draft only'")).rows[0].id);
    await publishIncident(db, SYSTEM_ACTOR, draft, true, T0 + 41 * MIN);
    expect((await feedEntries(db, { now: T0 + HOUR, limit: 2 })).map((e) => e.id)).toEqual([draft, outage]);
  });

  it("moves a maintenance window to the top once it begins, even before the coordinator writes its entry", async () => {
    const { maintenance, outage } = await seed();
    const started = Date.UTC(2026, 10, 27, 2, 0);
    const [first, second] = await feedEntries(db, { now: started + MIN });
    expect([first.id, first.updatedAt]).toEqual([maintenance, started]);
    expect(second.id).toBe(outage);
  });

  it("reads the feed in two queries whatever the number of entries", async () => {
    await seed();
    const execute = vi.spyOn(db.$client, "execute");
    const entries = await feedEntries(db, { now: T0 + HOUR });
    expect(entries).toHaveLength(3);
    expect(execute).toHaveBeenCalledTimes(2);
    execute.mockClear();
    expect(await feedEntries(db, { now: T0 + HOUR, limit: 1 })).toHaveLength(1);
    expect(execute).toHaveBeenCalledTimes(2);
  });

  it("renders RSS 2.0 that a reader parses: titles, permalinks, RFC 822 dates, categories and the timeline", async () => {
    const { outage, maintenance } = await seed();
    const now = T0 + HOUR;
    const xml = renderRss(await feedEntries(db, { now }), rssOptions(now));
    expect(xml.startsWith(`<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">`)).toBe(true);
    expect(xml).toContain(`<atom:link href="${SITE}/feed.rss" rel="self" type="application/rss+xml"/>`);
    expect(xml).toContain("<pubDate>Thu, 26 Nov 2026 10:30:00 GMT</pubDate>");
    expect(xml).toContain("<lastBuildDate>Thu, 26 Nov 2026 11:00:00 GMT</lastBuildDate>");

    const feed = await rss.parseString(xml);
    expect(feed).toMatchObject({ title: "Acme: incidents and maintenance", link: `${SITE}/` });
    expect(feed.items.map((i) => i.title)).toEqual([
      "Major outage: API is down (resolved)",
      "Scheduled maintenance: DB upgrade (27 Nov 02:00–04:00 UTC)",
      "Critical outage: Slow logins",
    ]);
    const [o, m] = feed.items;
    expect(o).toMatchObject({ link: `${SITE}/incidents/${outage}`, guid: `${SITE}/incidents/${outage}`, isoDate: new Date(T0 + 30 * MIN).toISOString(), categories: ["incident", "major"] });
    expect(m).toMatchObject({ link: `${SITE}/incidents/${maintenance}`, categories: ["maintenance", "none"] });
    expect(xml).toContain(`<guid isPermaLink="true">${SITE}/incidents/${outage}</guid>`);
    // The description is HTML (escaped once in the XML): components, then the timeline newest first.
    expect(o.content).toBe(
      [
        "<p>Affected: API (major outage), Web (degraded performance)</p>",
        `<p><strong>Resolved</strong> · <time datetime="2026-11-26T10:30:00Z">26 Nov 2026, 10:30 UTC</time></p>`,
        "<p>Fixed <em>for good</em>.</p>",
        `<p><strong>Identified</strong> · <time datetime="2026-11-26T10:05:00Z">26 Nov 2026, 10:05 UTC</time></p>`,
        "<p>A bad deploy: rolling back.</p>",
        `<p><strong>Investigating</strong> · <time datetime="2026-11-26T10:00:00Z">26 Nov 2026, 10:00 UTC</time></p>`,
        "<p>We are <strong>on it</strong>.</p>",
      ].join("\n"),
    );
    expect(m.content).toContain("<p>Window: 27 Nov 2026, 02:00 UTC – 27 Nov 2026, 04:00 UTC</p>\n<p>Maintenance planned: API</p>");
    // Drafts, private components and the merged automatic incident (as an item of its own) stay out.
    expect(xml).not.toMatch(/Secret admin|Draft only|<title>[^<]*API health/);
  });

  it("renders Atom that a reader parses: feed id, self link, author, RFC 3339 dates and HTML content", async () => {
    const { outage, maintenance } = await seed();
    const now = T0 + HOUR;
    const xml = renderAtom(await feedEntries(db, { now }), atomOptions(now));
    expect(xml).toContain(`<id>${SITE}/feed.atom</id>`);
    expect(xml).toContain(`<link rel="self" type="application/atom+xml" href="${SITE}/feed.atom"/>`);
    expect(xml).toContain("<author><name>Acme</name></author>");
    // The feed changed when its newest entry did.
    expect(xml).toContain("<updated>2026-11-26T10:30:00Z</updated>");

    const feed = await atom.parseString(xml);
    expect(feed).toMatchObject({ title: "Acme: incidents and maintenance", link: `${SITE}/`, feedUrl: `${SITE}/feed.atom`, lastBuildDate: "2026-11-26T10:30:00Z" });
    expect(feed.items.map((i) => [i.id, i.link, i.title])).toEqual([
      [`${SITE}/incidents/${outage}`, `${SITE}/incidents/${outage}`, "Major outage: API is down (resolved)"],
      [`${SITE}/incidents/${maintenance}`, `${SITE}/incidents/${maintenance}`, "Scheduled maintenance: DB upgrade (27 Nov 02:00–04:00 UTC)"],
      [expect.stringMatching(/\/incidents\/\d+$/), expect.stringMatching(/\/incidents\/\d+$/), "Critical outage: Slow logins"],
    ]);
    const [o, m] = feed.items;
    expect([o.pubDate, o.updated]).toEqual([new Date(T0).toISOString(), "2026-11-26T10:30:00Z"]);
    expect(o.category.map((c) => c.$.term)).toEqual(["incident", "major"]);
    expect(o.content).toContain(`<p><strong>Resolved</strong> · <time datetime="2026-11-26T10:30:00Z">26 Nov 2026, 10:30 UTC</time></p>\n<p>Fixed <em>for good</em>.</p>`);
    expect([m.pubDate, m.updated]).toEqual([new Date(T0 + 10 * MIN).toISOString(), "2026-11-26T10:10:00Z"]);
    expect(xml).toMatch(/<content type="html">&lt;p&gt;Window: 27 Nov 2026, 02:00 UTC/);
    expect(xml).not.toMatch(/Secret admin|Draft only/);
  });

  it("escapes hostile text and drops characters XML forbids, in both feeds", async () => {
    const hostileTitle = 'Down <script>alert(1)</script> & "co" ]]> \u0001bell\u000b';
    const hostileName = "<img src=x onerror=alert(1)> & ]]>";
    const c = await makeComponent(db, { name: hostileName });
    const id = await createIncident(
      db,
      SYSTEM_ACTOR,
      {
        title: hostileTitle,
        status: "investigating",
        impact: "critical",
        componentImpacts: [{ componentId: c.id, impact: "major_outage" }],
        body: "Body <script>alert(2)</script> ]]> \u0002 [x](javascript:alert(3)) **ok**",
        published: true,
      },
      T0,
    );
    const entries = await feedEntries(db, { now: T0 + MIN });
    const expectedTitle = `Critical outage: ${hostileTitle.replace(/[\u0001\u000b]/g, "")}`;

    for (const [xml, parser] of [
      [renderRss(entries, rssOptions(T0 + MIN)), rss],
      [renderAtom(entries, atomOptions(T0 + MIN)), atom],
    ] as const) {
      expect(xml).not.toMatch(XML_ILLEGAL);
      expect(xml).not.toMatch(/<script|<img|]]>|href=\S*javascript/i);
      const feed = await (parser as Parser).parseString(xml);
      expect(feed.items).toHaveLength(1);
      const [item] = feed.items;
      expect(item.title).toBe(expectedTitle);
      expect(item.link).toBe(`${SITE}/incidents/${id}`);
      // Inside the HTML the hostile text is text, not markup.
      expect(item.content).toContain("Affected: &lt;img src=x onerror=alert(1)&gt; &amp; ]]&gt; (major outage)");
      expect(item.content).toContain("<p>Body &lt;script&gt;alert(2)&lt;/script&gt; ]]&gt;");
      expect(item.content).toContain("<strong>ok</strong>");
      expect(item.content).not.toMatch(/<script|<img|href="javascript/i);
    }
  });

  it("renders valid empty feeds", async () => {
    const entries: FeedEntry[] = await feedEntries(db, { now: T0 });
    expect(entries).toEqual([]);
    const r = await rss.parseString(renderRss(entries, rssOptions(T0)));
    expect([r.title, r.items]).toEqual(["Acme: incidents and maintenance", []]);
    const atomXml = renderAtom(entries, atomOptions(T0));
    expect(atomXml).toContain("<updated>2026-11-26T10:00:00Z</updated>");
    expect((await atom.parseString(atomXml)).items).toEqual([]);
  });

  it("writes a window across midnight with both days", async () => {
    await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Network", body: "x", scheduledFor: T0 + 12 * HOUR, scheduledUntil: T0 + 16 * HOUR, published: true }, T0);
    const [e] = await feedEntries(db, { now: T0 });
    expect((await rss.parseString(renderRss([e], rssOptions(T0)))).items[0].title).toBe("Scheduled maintenance: Network (26 Nov 22:00 – 27 Nov 02:00 UTC)");
    expect(e.updatedAt).toBe(T0);
    expect(e.publishedAt).toBe(T0);
  });
});
