import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chromiumAvailable } from "../checks/chromium";
import type { Db } from "../db/client";
import { createTestDb, makeComponent } from "../db/test-db";
import { loopbackOrigin, PdfBusyError, renderReportPdf, reportPdfFilename, reportPdfResponse } from "./report-pdf";

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);

describe("report PDF: where the browser may go", () => {
  it("builds its origin from the server's own configuration only", () => {
    expect(loopbackOrigin({})).toBe("http://127.0.0.1:3000");
    expect(loopbackOrigin({ PORT: "4100", HOST: "0.0.0.0" })).toBe("http://127.0.0.1:4100");
    expect(loopbackOrigin({ PORT: "4100", HOST: "::" })).toBe("http://127.0.0.1:4100");
    expect(loopbackOrigin({ PORT: "4100", HOST: "example.com" })).toBe("http://127.0.0.1:4100");
    expect(loopbackOrigin({ PORT: "4100", HOST: "10.1.2.3" })).toBe("http://10.1.2.3:4100");
    expect(loopbackOrigin({ PORT: "4100", HOST: "::1" })).toBe("http://[::1]:4100");
    expect(() => loopbackOrigin({ PORT: "http://evil" })).toThrow(/PORT/);
  });

  it("opens nothing but a report path", async () => {
    for (const path of ["/dashboard", "//evil.example/report/2026-10", "http://evil.example/report/2026-10", "/report/2026-10/a/b", "/report/2026-10/../../dashboard", "/report/2026-10/..", "/report/2026-10/%2e%2e", "/report/2026-13", "/report/pdf/2026-10"]) {
      await expect(renderReportPdf(path, { origin: "http://127.0.0.1:9" })).rejects.toThrow(/not a report path/);
    }
  });

  it("names the file with safe characters only", () => {
    expect(reportPdfFilename("2026-10", null)).toBe("uptime-report-2026-10.pdf");
    expect(reportPdfFilename("2026-10", 'a"b\r\n;c')).toBe("uptime-report-2026-10-a_b___c.pdf");
  });
});

describe("report PDF responses", () => {
  let db: Db;
  let cleanup: () => void;
  const savedPath = process.env.CHROMIUM_PATH;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => {
    cleanup();
    if (savedPath === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = savedPath;
  });

  it("answers 404 for private, unknown and future reports before any browser starts", async () => {
    await makeComponent(db, { key: "secret", isPublic: false });
    // A browser would fail to start: the 404s come first.
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    for (const slug of [["2026-10", "secret"], ["2026-10", "nope"], ["2026-12"], ["2026-13"], ["2026-10", "a", "b"], []]) {
      const res = await reportPdfResponse(db, slug, { now: NOW, origin: "http://127.0.0.1:9" });
      expect(res.status, slug.join("/")).toBe(404);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    }
  });

  it("answers 501 without Chromium, pointing at the browser's Print → Save as PDF", async () => {
    await makeComponent(db, { key: "api" });
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    const res = await reportPdfResponse(db, ["2026-10", "api"], { now: NOW, origin: "http://127.0.0.1:9" });
    expect(res.status).toBe(501);
    expect(await res.text()).toMatch(/Print → Save as PDF/);
  });
});

describe.skipIf(!chromiumAvailable())("report PDF with Chromium", () => {
  let server: Server;
  let origin: string;
  let elsewhere: Server;
  let elsewhereHits = 0;
  /** [start, end] of each report request, to see that PDFs are made one at a time. */
  const spans: [number, number][] = [];

  beforeAll(async () => {
    elsewhere = createServer((_req, res) => {
      elsewhereHits++;
      res.end("x");
    });
    await new Promise<void>((r) => elsewhere.listen(0, "127.0.0.1", r));
    // Another origin (another port) that the page tries to load from.
    const elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    server = createServer((req, res) => {
      if (req.url === "/report/2026-01") return; // never answers
      const start = Date.now();
      setTimeout(() => {
        spans.push([start, Date.now()]);
        res.setHeader("content-type", "text/html");
        res.end(`<!doctype html><html><body><h1>Report ${req.url}</h1><img src="${elsewhereUrl}/leak.png"><link rel="stylesheet" href="${elsewhereUrl}/leak.css"></body></html>`);
      }, 200);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await new Promise((r) => elsewhere.close(r));
  });

  it("prints the report page to a PDF, one at a time, loading nothing from elsewhere", async () => {
    const results = await Promise.allSettled(["/report/2026-10", "/report/2026-10/api", "/report/2026-09", "/report/2026-08"].map((path) => renderReportPdf(path, { origin })));
    const made = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<Buffer>).value);
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    // One running and two waiting; the fourth is told to come back.
    expect(made).toHaveLength(3);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(PdfBusyError);
    for (const pdf of made) {
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(pdf.length).toBeGreaterThan(1_000);
    }
    const sorted = [...spans].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i][0]).toBeGreaterThanOrEqual(sorted[i - 1][1]);
    expect(elsewhereHits).toBe(0);
  }, 60_000);

  it("gives up at its deadline, and the next PDF is made as usual", async () => {
    const started = Date.now();
    await expect(renderReportPdf("/report/2026-01", { origin, timeoutMs: 2_500 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
    const pdf = await renderReportPdf("/report/2026-10", { origin });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  }, 60_000);
});
