import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { createTestDb } from "../db/test-db";
import { parseConfig } from "../config/load";
import { applyConfig } from "../config/sync";
import { embedResponse, EMBED_CSP } from "./embed";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const XSS = `<script>alert(1)</script><img src=x onerror=alert(2)>`;
const CONFIG = `
page:
  name: "Acme ${XSS}"
components:
  - key: api
    name: "API ${XSS}"
  - key: internal
    name: Internal tool
    public: false
monitors:
  - key: api
    name: API check
    component: api
    type: http
    url: http://127.0.0.1:9/
  - key: secret
    name: Secret check
    component: internal
    type: http
    url: http://127.0.0.1:9/?token=hunter2
`;

/**
 * Issue 11 item 5: the embed page shipped 11 script tags that its sandbox blocks (11 console
 * errors on the host page). It is plain HTML now, built from the same widget data.
 */
describe("the iframe widget", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    await applyConfig(db, parseConfig(CONFIG, {}), NOW);
  });
  afterEach(() => cleanup());

  const get = (path: string) => {
    const url = new URL(`https://status.example.com${path}`);
    const [, , kind, key] = url.pathname.split("/");
    return embedResponse(db, { kind, key }, url, NOW);
  };

  it("is one script-free document in every theme and layout, with hostile names as text", async () => {
    for (const theme of ["light", "dark", "auto"]) {
      for (const layout of ["compact", "full"]) {
        const res = await get(`/embed/component/api?theme=${theme}&layout=${layout}`);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
        expect(res.headers.get("content-security-policy")).toBe(EMBED_CSP);
        expect(res.headers.get("x-frame-options")).toBeNull();
        const body = await res.text();
        expect(body).not.toMatch(/<script/i);
        // No element but ours: the hostile <img onerror> is text between tags, not a tag.
        expect(body.match(/<[a-z]+/g)!.filter((tag) => !["<html", "<head", "<meta", "<title", "<style", "<body", "<div", "<span", "<a", "<i"].includes(tag))).toEqual([]);
        // …and no tag has an onerror attribute (its text may sit inside a quoted, escaped value).
        expect(body.match(/<[a-z][^>]*>/g)!.some((tag) => /onerror/i.test(tag.replace(/"[^"]*"/g, '""')))).toBe(false);
        expect(body).toContain("API &lt;script&gt;alert(1)&lt;/script&gt;");
        expect(body).toContain(`data-theme="${theme}" data-layout="${layout}" data-status="no_data"`);
        expect(body).toContain('<meta name="robots" content="noindex, nofollow">');
        // Links leave the frame for the status page, never navigate inside it.
        expect(body.match(/<a [^>]*>/g)!.every((a) => a.includes('target="_top"'))).toBe(true);
        if (layout === "full") expect(body.match(/<i data-worst=/g)).toHaveLength(90);
        else expect(body).not.toContain('class="bars"');
        if (theme === "auto") expect(body).toContain("@media (prefers-color-scheme: dark)");
        else expect(body).toContain(`color-scheme:${theme};`);
      }
    }
  });

  it("spans its bars over the window asked for", async () => {
    const body = await (await get("/embed/component/api?layout=full&window=7d")).text();
    expect(body.match(/<i data-worst=/g)).toHaveLength(7);
    expect(body).toContain("uptime, last 7 days");
  });

  it("answers a private and an unknown subject with the same 404, which names neither", async () => {
    const answers = await Promise.all(["/embed/component/internal", "/embed/monitor/secret", "/embed/component/nope"].map(get));
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404]);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    for (const b of bodies) {
      expect(b).not.toMatch(/Internal tool|Secret check|hunter2|internal|secret|nope/);
      expect(b).not.toMatch(/<script/i);
    }
  });

  it("says what to change for a bad option, with the value escaped", async () => {
    const res = await get(`/embed/component/api?theme=${encodeURIComponent("<b>x</b>")}`);
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain("unknown theme &quot;&lt;b&gt;x&lt;/b&gt;&quot;; expected one of light, dark, auto");
    expect((await get("/embed/component/api?layout=wide")).status).toBe(400);
    expect((await get("/embed/widget/api")).status).toBe(404);
  });
});
