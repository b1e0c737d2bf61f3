import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { monitorStates, stateTimeDaily, stateTimeHourly } from "@/lib/db/schema";
import { createTestDb, makeComponent, makeMonitor } from "@/lib/db/test-db";
import { PALETTE } from "@/lib/public/palette";
import { decodePng, pngHeader } from "@/lib/public/png-test-support";
import { writePageSettings } from "@/lib/settings/page";
import { dayStartUtc, DAY_MS, HOUR_MS, hourStartUtc } from "@/lib/uptime/uptime";
import { GET } from "./route";

const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)> & "quotes" ]]>`;
/** Set CARD_SHOTS=/tmp/shots to look at the cards this test draws. */
const SHOTS = process.env.CARD_SHOTS;

/** The route handler as Next calls it: the request and a promise of the decoded segments. */
function call(path: string) {
  const url = new URL(path, "http://status.test");
  const [kind, key] = url.pathname.split("/").slice(2).map(decodeURIComponent);
  return GET(new Request(url), { params: Promise.resolve({ kind, key }) });
}

async function png(path: string) {
  const res = await call(path);
  expect(res.status, await res.clone().text()).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(`${SHOTS}/card${path.replace(/[/?=&.]+/g, "-")}.png`, bytes);
  }
  return { res, bytes };
}

describe("GET /card/[kind]/[key]", () => {
  let cleanup: () => void;
  const previousUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    const test = await createTestDb();
    cleanup = test.cleanup;
    process.env.DATABASE_URL = test.url; // read by getDb() on its first call
    const now = Date.now();
    const today = dayStartUtc(now);
    await writePageSettings(test.db, { name: `Acme ${HOSTILE}` });
    const api = await makeComponent(test.db, { key: "api", name: "Public API" });
    const hostile = await makeMonitor(test.db, { key: "hostile", name: HOSTILE, componentId: api.id });
    const emoji = await makeMonitor(test.db, { key: "emoji", name: "🚀 Launch 日本語 ✓ Ünïcödé ❤️‍🔥 🇫🇷", componentId: api.id });
    await makeMonitor(test.db, { key: "private-one", name: "Secret", isPublic: false });
    const secret = await makeComponent(test.db, { key: "secret", isPublic: false });
    await makeMonitor(test.db, { key: "in-secret", componentId: secret.id });
    await test.db.insert(monitorStates).values([
      { monitorId: hostile.id, status: "operational", since: now, updatedAt: now },
      { monitorId: emoji.id, status: "operational", since: now, updatedAt: now },
    ]);
    // Today up; a major outage, maintenance, degraded and partial day before it; nothing earlier.
    await test.db.insert(stateTimeDaily).values([
      { monitorId: hostile.id, bucketStart: today, upMs: HOUR_MS },
      { monitorId: hostile.id, bucketStart: today - DAY_MS, upMs: 23 * HOUR_MS, majorMs: HOUR_MS },
      { monitorId: hostile.id, bucketStart: today - 2 * DAY_MS, maintenanceMs: 24 * HOUR_MS },
      { monitorId: hostile.id, bucketStart: today - 3 * DAY_MS, upMs: 20 * HOUR_MS, degradedMs: 4 * HOUR_MS },
      { monitorId: hostile.id, bucketStart: today - 4 * DAY_MS, upMs: 20 * HOUR_MS, partialMs: 4 * HOUR_MS },
    ]);
    // This hour up, two hours ago a major outage (the 24-hour card's hourly bars).
    await test.db.insert(stateTimeHourly).values([
      { monitorId: hostile.id, bucketStart: hourStartUtc(now), upMs: 60_000 },
      { monitorId: hostile.id, bucketStart: hourStartUtc(now) - 2 * HOUR_MS, upMs: 30 * 60_000, majorMs: 30 * 60_000 },
    ]);
  });
  afterEach(() => vi.unstubAllGlobals());
  afterAll(async () => {
    (await getDb()).$client.close();
    delete (globalThis as { __statusDb?: unknown }).__statusDb;
    process.env.DATABASE_URL = previousUrl;
    cleanup();
  });

  it("draws a 1200 × 400 PNG under 100 KB with cacheable, cross-origin headers", async () => {
    const { res, bytes } = await png("/card/monitor/hostile.png");
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300, s-maxage=300, stale-while-revalidate=3600");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("content-length")).toBe(String(bytes.length));
    expect(pngHeader(bytes)).toMatchObject({ width: 1200, height: 400, bitDepth: 8 });
    expect(bytes.length).toBeLessThan(100_000);
  });

  it("paints the 90 day bars in the page's colours, oldest first, in both themes", async () => {
    for (const theme of ["light", "dark"] as const) {
      const image = decodePng((await png(`/card/monitor/hostile.png?window=90d&theme=${theme}`)).bytes);
      const p = PALETTE[theme];
      // Bars span the width inside 52 px of padding, 90 of them with 3 px gaps, in a row 72 px high.
      const barAt = barX(90);
      const y = barRowY(image, barAt(89), p.bar.up);
      expect([85, 86, 87, 88, 89].map((i) => image.hexAt(barAt(i), y))).toEqual([p.bar.partial, p.bar.degraded, p.bar.maintenance, p.bar.major, p.bar.up]);
      expect(image.hexAt(barAt(0), y)).toBe(p.bar.no_data);
      expect(image.hexAt(600, 12)).toBe(p.surface);
    }
  });

  it("draws bars over the window its uptime figure is for: 30 days, 7 days, 24 hours", async () => {
    const p = PALETTE.light;
    const days30 = decodePng((await png("/card/monitor/hostile.png?window=30d")).bytes);
    const at30 = barX(30);
    const y = barRowY(days30, at30(29), p.bar.up);
    expect([25, 26, 27, 28, 29].map((i) => days30.hexAt(at30(i), y))).toEqual([p.bar.partial, p.bar.degraded, p.bar.maintenance, p.bar.major, p.bar.up]);
    expect(days30.hexAt(at30(0), y)).toBe(p.bar.no_data);
    const days7 = decodePng((await png("/card/monitor/hostile.png?window=7d")).bytes);
    const at7 = barX(7);
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => days7.hexAt(at7(i), y))).toEqual([p.bar.no_data, p.bar.no_data, p.bar.partial, p.bar.degraded, p.bar.maintenance, p.bar.major, p.bar.up]);
    const hours = decodePng((await png("/card/monitor/hostile.png?window=24h")).bytes);
    const at24 = barX(24);
    expect([0, 21, 22, 23].map((i) => hours.hexAt(at24(i), y))).toEqual([p.bar.no_data, p.bar.major, p.bar.no_data, p.bar.up]);
  });

  it("draws hostile, emoji and non-Latin names without fetching fonts or images", async () => {
    const fetched: string[] = [];
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      // next/og loads its layout engine from a data: URL; anything else is the network.
      if (String(input).startsWith("data:")) return realFetch(input, init);
      fetched.push(String(input));
      throw new Error("no network in this test");
    });
    for (const path of ["/card/monitor/emoji.png?theme=dark", "/card/component/api.png?window=24h", "/card/monitor/hostile"]) {
      const { bytes } = await png(path);
      expect(pngHeader(bytes)).toMatchObject({ width: 1200, height: 400 });
    }
    expect(fetched).toEqual([]);
  });

  it("answers a private subject exactly like an unknown one, and bad options with the allowed values", async () => {
    const answers = await Promise.all(["/card/monitor/private-one.png", "/card/monitor/in-secret.png", "/card/component/secret.png", "/card/monitor/nope.png"].map(call));
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect(new Set(bodies).size).toBe(1);
    expect(answers[0].headers.get("content-type")).toBe("text/plain; charset=utf-8");

    expect((await call("/card/everything/api.png")).status).toBe(404);
    const badWindow = await call("/card/component/api.png?window=1y");
    expect([badWindow.status, await badWindow.text()]).toEqual([400, `unknown window "1y"; expected one of 24h, 7d, 30d, 90d\n`]);
    const badTheme = await call("/card/component/api.png?theme=auto");
    expect([badTheme.status, await badTheme.text()]).toEqual([400, `unknown theme "auto"; expected one of light, dark\n`]);
    // Options are checked first: a bad one reads the same whether or not the subject is public.
    expect(await (await call("/card/monitor/private-one.png?window=1y")).text()).toBe(await (await call("/card/component/api.png?window=1y")).text());
  });
});

/** The x of bar `i` of `n`, a few pixels inside it: bars fill the width inside 52 px of padding with 3 px gaps. */
function barX(n: number) {
  return (i: number) => Math.round(52 + i * ((1200 - 104 + 3) / n) + 4);
}

/** A row through the middle of the bars: the bar at `x` has `colour` there. */
function barRowY(image: ReturnType<typeof decodePng>, x: number, colour: string): number {
  const rows = Array.from({ length: image.height }, (_, y) => y).filter((y) => image.hexAt(x, y) === colour);
  expect(rows.length).toBeGreaterThan(40);
  return rows[Math.floor(rows.length / 2)];
}
