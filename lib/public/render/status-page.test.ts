import { SYSTEM_ACTOR } from "../../audit/log";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "../../db/test-db";
import type { Db } from "../../db/client";
import { stateTimeDaily } from "../../db/schema";
import { parseConfig } from "../../config/load";
import { applyConfig } from "../../config/sync";
import { createIncident, postUpdate } from "../../incidents/manage";
import { listActiveMonitors } from "../../monitors/store";
import { loadStatusPage } from "../status-page";
import { PAST_INCIDENT_DAYS, REFRESH_EVERY_S, renderStatusPage } from "./status-page";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const DAY = 86_400_000;
const XSS = `<script>alert(1)</script><img src=x onerror=alert(2)>`;

describe("the public page's HTML", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  async function render() {
    return renderStatusPage(await loadStatusPage(db, NOW), { now: NOW });
  }

  it("renders hostile text from every field inert, and shows branding from the config", async () => {
    await applyConfig(
      db,
      parseConfig(
        `page:
  name: "Acme ${XSS}"
  description: "desc ${XSS}"
  logo: /logo.png
  homepage: https://acme.example.com
  links:
    - label: "Support <b>x</b>"
      url: https://acme.example.com/support
  accentColor: "#7a1fa2"
groups:
  - key: g
    name: "Group ${XSS}"
components:
  - key: api
    name: "API ${XSS}"
    group: g
    description: "about ${XSS}"
  - key: secret
    name: Secret admin
    public: false
monitors:
  - key: api
    name: API check
    component: api
    type: http
    url: http://127.0.0.1:9/
  - key: hidden
    name: Hidden check
    component: secret
    type: http
    url: http://127.0.0.1:9/
`,
        {},
      ),
      NOW - 10 * DAY,
    );
    const [api] = (await listActiveMonitors(db)).filter((m) => m.key === "api");
    await db.insert(stateTimeDaily).values({ monitorId: api.id, bucketStart: NOW - (NOW % DAY) - 2 * DAY, upMs: DAY - 3_600_000, majorMs: 3_600_000 });
    await createIncident(
      db,
      SYSTEM_ACTOR,
      { title: `Outage ${XSS}`, status: "investigating", impact: "major", componentImpacts: [{ componentId: api.componentId!, impact: "major_outage" }], body: `**bold** ${XSS} [x](javascript:alert(3))`, published: true },
      NOW - 2 * DAY,
    );
    const page = await render();
    // Our own inline script is the only script; no injected element or handler survives.
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img src=x/);
    // Escaped text may mention them; no tag carries a handler or a javascript: URL.
    const attributes = [...page.matchAll(/<[a-zA-Z][\w-]*((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>/g)].flatMap((tag) =>
      [...tag[1].matchAll(/([^\s=]+)(?:="([^"]*)")?/g)].map((a) => [a[1].toLowerCase(), a[2] ?? ""]),
    );
    expect(attributes.length).toBeGreaterThan(100);
    expect(attributes.filter(([name]) => name.startsWith("on"))).toEqual([]);
    expect(attributes.filter(([name, value]) => (name === "href" || name === "src") && /^\s*javascript:/i.test(value))).toEqual([]);
    expect(page).toContain("Acme &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("<strong>bold</strong>");
    expect(page).not.toContain("Secret admin");
    // Branding.
    expect(page).toContain('<img src="/logo.png" alt="" height="40">');
    expect(page).toContain('<a href="https://acme.example.com">Acme');
    expect(page).toContain('<a href="https://acme.example.com/support">Support &lt;b&gt;x&lt;/b&gt;');
    expect(page).toContain(":root{--link:#7a1fa2;--focus:#7a1fa2}");
    // The bad day names its incident in the tooltip; equal days share one cell.
    expect(page).toMatch(/title="24 Nov 2026: 95\.83% · major outage · incidents: Outage &lt;script&gt;/);
    expect(page.match(/<i class=/g)!.length).toBeLessThan(10);
  });

  it("is one cell per run of equal days, never straddling the 30 days a phone shows", async () => {
    await applyConfig(db, parseConfig(`page:\n  name: T\ncomponents:\n  - key: c\n    name: C\nmonitors:\n  - key: m\n    name: M\n    component: c\n    type: http\n    url: http://127.0.0.1:9/\n`, {}), NOW - 100 * DAY);
    const [m] = await listActiveMonitors(db);
    const today = NOW - (NOW % DAY);
    await db.insert(stateTimeDaily).values(Array.from({ length: 90 }, (_, d) => ({ monitorId: m.id, bucketStart: today - d * DAY, upMs: DAY })));
    const page = await render();
    const cells = [...page.matchAll(/<i class="([^"]+)"(?: style="--n:(\d+)")? title="([^"]+)"><\/i>/g)];
    expect(cells.map((c) => [c[1], Number(c[2] ?? 1)])).toEqual([
      ["u o", 60],
      ["u", 30],
    ]);
    expect(cells[0][3]).toBe("29 Aug – 27 Oct 2026: 100%");
  });

  it("lists resolved incidents of the last 14 days by the day they began, quiet days included, and refreshes itself", async () => {
    await applyConfig(db, parseConfig(`page:\n  name: P\ncomponents:\n  - key: api\n    name: API\n`, {}), NOW - 40 * DAY);
    const resolvedIncident = async (title: string, startedAt: number, durationMs: number, published = true) => {
      const id = await createIncident(db, SYSTEM_ACTOR, { title, status: "investigating", impact: "minor", body: "Looking.", published }, startedAt);
      await postUpdate(db, SYSTEM_ACTOR, id, { status: "resolved", body: "Fixed." }, startedAt + durationMs);
      return id;
    };
    const threeDaysAgo = await resolvedIncident(`Slow logins ${XSS}`, NOW - 3 * DAY, 42 * 60_000);
    await resolvedIncident("Ancient outage", NOW - 20 * DAY, 60_000);
    await resolvedIncident("Draft: never published", NOW - 2 * DAY, 60_000, false);
    const open = await createIncident(db, SYSTEM_ACTOR, { title: "Still open", status: "investigating", impact: "minor", body: "x", published: true }, NOW - DAY);
    const page = await render();
    const section = page.slice(page.indexOf('data-testid="past-incidents"'));
    const days = [...section.matchAll(/<div class="past-day" data-day="([\d-]+)">/g)].map((m) => m[1]);
    expect(days).toHaveLength(PAST_INCIDENT_DAYS);
    expect(days[0]).toBe("2026-11-26");
    expect(days.at(-1)).toBe("2026-11-13");
    const day = (d: string) => section.slice(section.indexOf(`data-day="${d}"`), section.indexOf("</div>", section.indexOf(`data-day="${d}"`)));
    expect(day("2026-11-23")).toContain(`<a href="/incidents/${threeDaysAgo}">Slow logins &lt;script&gt;`);
    expect(day("2026-11-23")).toContain("resolved after 42 min");
    expect(day("2026-11-24")).toContain("No incidents reported");
    expect(section).not.toContain("Ancient outage");
    expect(section).not.toContain("Draft: never published");
    expect(section).not.toContain(`/incidents/${open}"`);
    expect(section).toContain('<a href="/history">');
    // Kept current: a background refresh with JavaScript, a meta refresh without.
    expect(page).toContain(`<noscript><meta http-equiv="refresh" content="${REFRESH_EVERY_S * 2}"></noscript>`);
    expect(page).toMatch(/<time datetime="[^"]+" data-refreshed>/);
    expect(page.indexOf("DOMParser")).toBeGreaterThan(0);
  });

  it("says what kind of bad day a day was in its tooltip, not only its uptime", async () => {
    await applyConfig(db, parseConfig(`page:\n  name: P\ncomponents:\n  - key: api\n    name: API\nmonitors:\n  - key: api\n    name: API check\n    component: api\n    type: http\n    url: http://127.0.0.1:9/\n`, {}), NOW - 40 * DAY);
    const [m] = await listActiveMonitors(db);
    const dayStart = Math.floor(NOW / DAY) * DAY - 2 * DAY;
    await db.insert(stateTimeDaily).values({ monitorId: m.id, bucketStart: dayStart, upMs: DAY - 3_600_000, degradedMs: 3_600_000, partialMs: 0, majorMs: 0, maintenanceMs: 0, noDataMs: 0 });
    const page = await render();
    expect(page).toMatch(/title="24 Nov 2026: 100% · degraded performance"/);
  });
});
