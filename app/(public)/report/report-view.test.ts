import { SYSTEM_ACTOR } from "../../../lib/audit/log";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { stateTimeDaily } from "@/lib/db/schema";
import { createTestDb, makeComponent, makeMonitor } from "@/lib/db/test-db";
import { createIncident } from "@/lib/incidents/manage";
import { monthlyReport } from "@/lib/public/report";
import { writePageSettings } from "@/lib/settings/page";
import { ReportView } from "./_components/report-view";

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);
const OCT = Date.UTC(2026, 9, 1);
const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)> & "q"`;

describe("the report's markup", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("keeps hostile page, component and incident names as text, and labels its tables", async () => {
    await writePageSettings(db, { name: `Page ${HOSTILE}` });
    const c = await makeComponent(db, { key: "api", name: HOSTILE });
    const m = await makeMonitor(db, { componentId: c.id });
    await db.insert(stateTimeDaily).values({ monitorId: m.id, bucketStart: OCT, upMs: 86_400_000 });
    await createIncident(db, SYSTEM_ACTOR, { title: HOSTILE, status: "investigating", impact: "critical", componentImpacts: [{ componentId: c.id, impact: "major_outage" }], body: "x", published: true }, OCT + 1000);
    for (const report of [await monthlyReport(db, { scope: "page" }, "2026-10", NOW), await monthlyReport(db, { scope: "component", key: "api" }, "2026-10", NOW)]) {
      const html = renderToStaticMarkup(createElement(ReportView, { report: report!, pdfHref: "/report/pdf/2026-10" }));
      const escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &quot;q&quot;";
      expect(html).toContain(escaped);
      // Once the escaped names are taken out, nothing of them is left: no tag, no handler.
      expect(html.replaceAll(escaped, "")).not.toMatch(/<script|<img|onerror|alert\(/i);
      expect(html).toMatch(/<caption>Incidents that started in October 2026<\/caption>/);
      expect(html).toContain('<th scope="col">Incident</th>');
      expect(html).toMatch(/<th scope="row"[^>]*><a href="\/incidents\/\d+">&lt;script&gt;/);
      expect(html).toContain('href="/report/2026-09');
      expect(html).toContain('href="/report/2026-11');
    }
  });
});
