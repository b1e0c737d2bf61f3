import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "../db/client";
import { monitorStates, stateTimeDaily, stateTimeHourly } from "../db/schema";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { foldRollups, processResultBatch } from "../coordinator/fold";
import { pulse } from "../workers/pulse";
import { dayStartUtc } from "../uptime/uptime";
import { BADGE_STYLES, badgeResponse, badgeSvg, parseBadgeRequest, responseTimeBadge, shieldsEndpoint, statusBadge, uptimeBadge } from "./badges";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const HOUR = 3_600_000;

/** The endpoint schema as https://shields.io/badges/endpoint-badge documents it; unknown keys are rejected, as shields does. */
const shieldsEndpointSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    label: z.string(),
    message: z.string().min(1),
    color: z.string().optional(),
    labelColor: z.string().optional(),
    isError: z.boolean().optional(),
    namedLogo: z.string().optional(),
    logoSvg: z.string().optional(),
    logoColor: z.string().optional(),
    logoSize: z.string().optional(),
    style: z.enum(["flat", "flat-square", "plastic", "for-the-badge", "social"]).optional(),
    // Shields ignores values under its 300 s minimum, so ours must not be under it.
    cacheSeconds: z.number().int().min(300).optional(),
  })
  .refine((v) => !(v.namedLogo && v.logoSvg), "namedLogo or logoSvg, not both");

/**
 * A strict well-formedness check for badge-maker's output (elements, attributes, text, entities;
 * no comments, CDATA or processing instructions, which badge-maker does not write).
 */
function parseXml(xml: string): { root: string; text: string } {
  const token = /<\/([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)((?:\s+[A-Za-z][\w:.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const badAmp = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const stack: string[] = [];
  let root = "";
  let text = "";
  let pos = 0;
  while (pos < xml.length) {
    token.lastIndex = pos;
    const m = token.exec(xml);
    if (!m) throw new Error(`not well-formed XML at ${pos}: ${xml.slice(pos, pos + 40)}`);
    pos = token.lastIndex;
    const [, close, open, attrs, selfClosing, chars] = m;
    if (chars !== undefined) {
      if (stack.length === 0 || badAmp.test(chars)) throw new Error(`bad text ${JSON.stringify(chars)}`);
      text += chars.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
    } else if (close !== undefined) {
      if (stack.pop() !== close) throw new Error(`mismatched </${close}>`);
    } else {
      if (badAmp.test(attrs)) throw new Error(`bad attribute ${attrs}`);
      if (stack.length === 0) {
        if (root) throw new Error("more than one root element");
        root = open;
      }
      if (!selfClosing) stack.push(open);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)}>`);
  return { root, text };
}

describe("badge content", () => {
  it("says the status in words and colours", () => {
    expect(statusBadge("operational")).toEqual({ label: "status", message: "operational", color: "green", hasData: true });
    expect(statusBadge("degraded")).toMatchObject({ message: "degraded", color: "yellow" });
    expect(statusBadge("down")).toMatchObject({ message: "down", color: "red" });
    expect(statusBadge("no_data")).toEqual({ label: "status", message: "no data", color: "lightgrey", hasData: false });
  });

  it("floors uptime and colours it by the number shown", () => {
    const cases: [number | null, string, string][] = [
      [1, "100%", "brightgreen"],
      [0.999999, "99.99%", "brightgreen"],
      [0.999, "99.90%", "brightgreen"],
      [0.99899, "99.89%", "green"],
      [0.99, "99.00%", "green"],
      [0.98999, "98.99%", "yellow"],
      [0.97, "97.00%", "yellow"],
      [0.95, "95.00%", "orange"],
      [0.9499, "94.99%", "red"],
      [0, "0.00%", "red"],
      [null, "no data", "lightgrey"],
    ];
    for (const [ratio, message, color] of cases) expect(uptimeBadge("30d", ratio), String(ratio)).toMatchObject({ label: "uptime 30d", message, color });
    expect(uptimeBadge("24h", null).hasData).toBe(false);
  });

  it("rounds the mean response time and colours it by the number shown", () => {
    const cases: [number | null, string, string][] = [
      [4.26, "4.3 ms", "brightgreen"],
      [123.4, "123 ms", "brightgreen"],
      [200.4, "200 ms", "brightgreen"],
      [200.6, "201 ms", "green"],
      [500, "500 ms", "green"],
      [999, "999 ms", "yellow"],
      [1500, "1500 ms", "orange"],
      [2000.6, "2001 ms", "red"],
      [null, "no data", "lightgrey"],
    ];
    for (const [ms, message, color] of cases) expect(responseTimeBadge("24h", ms), String(ms)).toMatchObject({ label: "avg response time 24h", message, color });
  });
});

describe("badge output", () => {
  it("renders well-formed SVG in every style, escaping whatever the text holds", () => {
    const hostile = { label: `<script>alert(1)</script>&"'`, message: "99.95%", color: "brightgreen" as const, hasData: true };
    for (const style of BADGE_STYLES) {
      const svg = badgeSvg(hostile, style);
      const { root, text } = parseXml(svg);
      expect(root, style).toBe("svg");
      expect(svg).not.toMatch(/<script/i);
      // for-the-badge writes upper case, social capitalises the label.
      expect(text.toLowerCase(), style).toContain(`<script>alert(1)</script>&"'`);
      expect(text, style).toContain("99.95%");
    }
  });

  it("writes the documented shields endpoint JSON, marking no data as an error so it cannot be recoloured", () => {
    const ok = shieldsEndpoint(uptimeBadge("30d", 0.9995));
    expect(shieldsEndpointSchema.parse(ok)).toEqual({ schemaVersion: 1, label: "uptime 30d", message: "99.95%", color: "brightgreen", isError: false, cacheSeconds: 300 });
    const none = shieldsEndpoint(statusBadge("no_data"), "for-the-badge");
    expect(shieldsEndpointSchema.parse(none)).toMatchObject({ message: "no data", isError: true, style: "for-the-badge" });
    // The test schema itself rejects what shields rejects.
    expect(shieldsEndpointSchema.safeParse({ ...ok, message: "" }).success).toBe(false);
    expect(shieldsEndpointSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
  });
});

describe("badge requests", () => {
  const q = (s = "") => new URLSearchParams(s);
  const p = (badge: string, kind = "monitor") => ({ kind, key: "api-health", badge });

  it("reads status, uptime and response-time badges in SVG and JSON", () => {
    expect(parseBadgeRequest(p("status.svg"), q())).toEqual({ ok: true, request: { kind: "monitor", key: "api-health", metric: { type: "status" }, format: "svg" } });
    expect(parseBadgeRequest(p("uptime-90d.json", "component"), q("style=social&label=API"))).toEqual({
      ok: true,
      request: { kind: "component", key: "api-health", metric: { type: "uptime", range: "90d" }, format: "json", style: "social", label: "API" },
    });
    expect(parseBadgeRequest(p("response-time-7d.svg"), q("label="))).toMatchObject({ ok: true, request: { metric: { type: "response_time", range: "7d" }, label: "" } });
  });

  it("answers unknown paths with 404 and bad query values with 400, saying what is expected", () => {
    expect(parseBadgeRequest(p("status.svg", "group"), q())).toMatchObject({ ok: false, status: 404, message: expect.stringContaining("/badge/monitor/<key>/") });
    for (const badge of ["status", "status.png", "uptime-1y.svg", "uptime.svg", "response-time-.json", "latency-24h.svg", "Status.svg"]) {
      expect(parseBadgeRequest(p(badge), q()), badge).toMatchObject({ ok: false, status: 404, message: expect.stringContaining("24h, 7d, 30d, 90d") });
    }
    expect(parseBadgeRequest(p("status.svg"), q("style=3d"))).toMatchObject({ ok: false, status: 400, message: 'unknown style "3d"; expected one of flat, flat-square, for-the-badge, plastic, social' });
    for (const label of ["x".repeat(65), "a\nb", "evil\u202egnp.exe", "nul\u0000"]) {
      expect(parseBadgeRequest(p("status.svg"), q(`label=${encodeURIComponent(label)}`)), JSON.stringify(label)).toMatchObject({ ok: false, status: 400 });
    }
    expect(parseBadgeRequest(p("status.svg"), q(`label=${"é".repeat(64)}`)).ok).toBe(true);
  });
});

describe("badge responses from the database", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  const get = (path: string) => badgeResponse(db, paramsOf(path), new URL(`http://status.test${path}`), NOW);
  function paramsOf(path: string) {
    const [kind, key, badge] = new URL(`http://x${path}`).pathname.split("/").slice(2);
    return { kind, key, badge };
  }

  it("serves public subjects only, with the same 404 for private and unknown ones", async () => {
    const api = await makeComponent(db, { key: "api", name: "API" });
    const secret = await makeComponent(db, { key: "secret", isPublic: false });
    const health = await makeMonitor(db, { key: "api-health", name: `<script>alert("name")</script>`, componentId: api.id });
    const slow = await makeMonitor(db, { key: "api-slow", componentId: api.id });
    const hidden = await makeMonitor(db, { key: "hidden", componentId: api.id, isPublic: false });
    await makeMonitor(db, { key: "in-secret", componentId: secret.id });
    await db.insert(monitorStates).values([
      { monitorId: health.id, status: "operational", since: NOW, lastResultAt: NOW, updatedAt: NOW },
      { monitorId: slow.id, status: "operational", since: NOW, lastResultAt: NOW, updatedAt: NOW },
      { monitorId: hidden.id, status: "down", since: NOW, lastResultAt: NOW, updatedAt: NOW },
    ]);
    await pulse(db, "coordinator", "*", NOW, {}, NOW); // stored states count while the coordinator reports
    // 30 days: health was in major outage for 1 h of 10 days of data; the hidden monitor's outage must not count.
    const today = dayStartUtc(NOW);
    await db.insert(stateTimeDaily).values([
      ...Array.from({ length: 10 }, (_, i) => ({ monitorId: health.id, bucketStart: today - i * 24 * HOUR, upMs: i === 0 ? 23 * HOUR : 24 * HOUR, majorMs: i === 0 ? HOUR : 0 })),
      { monitorId: hidden.id, bucketStart: today, majorMs: 24 * HOUR },
    ]);
    await db.insert(stateTimeHourly).values([{ monitorId: slow.id, bucketStart: NOW - 2 * HOUR, upMs: HOUR }]);
    const region = await ensureRegion(db, "local");
    await insertResults(db, [100, 120, 140].map((ms, i) => toResultRow(health.id, region, { status: "up", startedAt: NOW - HOUR + i * 1000, totalUs: ms * 1000, phases: {}, assertions: [] })));
    await insertResults(db, [toResultRow(hidden.id, region, { status: "up", startedAt: NOW - HOUR, totalUs: 9_000_000, phases: {}, assertions: [] })]);
    await processResultBatch(db, new Map([health, slow, hidden].map((m) => [m.id, m])), NOW);
    await foldRollups(db, NOW);
    await db.update(monitorStates).set({ lastResultAt: NOW }); // fresh at NOW, as under a running probe

    const status = await get("/badge/monitor/api-health/status.svg");
    expect(status.status).toBe(200);
    expect(Object.fromEntries(status.headers)).toMatchObject({
      "content-type": "image/svg+xml; charset=utf-8",
      "cache-control": "public, max-age=60, s-maxage=60, stale-while-revalidate=300",
      "access-control-allow-origin": "*",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    });
    const svg = await status.text();
    expect(parseXml(svg)).toEqual({ root: "svg", text: expect.stringContaining("operational") });
    expect(svg).not.toMatch(/<script/i);

    // A hostile label override stays text.
    const relabelled = await (await get(`/badge/monitor/api-health/status.svg?label=${encodeURIComponent("<script>x</script>")}`)).text();
    expect(relabelled).not.toMatch(/<script/i);
    expect(parseXml(relabelled).text).toContain("<script>x</script>");

    const uptime = await get("/badge/component/api/uptime-30d.json");
    expect(uptime.headers.get("content-type")).toBe("application/json");
    expect(uptime.headers.get("access-control-allow-origin")).toBe("*");
    // 1 h major outage in 240 h of data: 99.583…% floored.
    expect(shieldsEndpointSchema.parse(await uptime.json())).toEqual({ schemaVersion: 1, label: "uptime 30d", message: "99.58%", color: "green", isError: false, cacheSeconds: 300 });

    const latency = shieldsEndpointSchema.parse(await (await get("/badge/component/api/response-time-24h.json")).json());
    expect(latency).toMatchObject({ label: "avg response time 24h", message: "120 ms", color: "brightgreen" });

    const noData = shieldsEndpointSchema.parse(await (await get("/badge/monitor/api-slow/response-time-90d.json")).json());
    expect(noData).toMatchObject({ message: "no data", color: "lightgrey", isError: true });

    const missing = await Promise.all(
      ["/badge/monitor/hidden/status.svg", "/badge/monitor/in-secret/status.svg", "/badge/component/secret/status.svg", "/badge/monitor/nope/status.svg"].map(async (path) => {
        const r = await get(path);
        return { status: r.status, type: r.headers.get("content-type"), reason: r.headers.get("x-badge-error"), body: await r.text() };
      }),
    );
    for (const r of missing) expect(r).toEqual(missing[0]);
    // A grey "not found" image, not text: a README shows it instead of a broken image.
    expect(missing[0]).toMatchObject({ status: 404, type: "image/svg+xml; charset=utf-8", reason: "badge not found: no public monitor or component with this key" });
    expect(parseXml(missing[0].body)).toEqual({ root: "svg", text: expect.stringContaining("not found") });
    expect(missing[0].body).toContain('fill="#939393"'); // badge-maker's lightgrey
    const missingJson = await get("/badge/component/secret/uptime-30d.json");
    expect(missingJson.status).toBe(404);
    expect(shieldsEndpointSchema.parse(await missingJson.json())).toMatchObject({ label: "badge", message: "not found", color: "lightgrey", isError: true });
    // An unknown metric too, in the format asked for.
    expect((await get("/badge/monitor/api-health/uptime-1y.svg")).headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");

    expect((await get("/badge/monitor/api-health/uptime-1y.svg")).status).toBe(404);
    const badStyle = await get("/badge/monitor/api-health/status.svg?style=huge");
    expect(badStyle.status).toBe(400);
    expect(await badStyle.text()).toContain("expected one of flat");
  });
});
