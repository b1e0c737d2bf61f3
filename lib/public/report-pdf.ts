/**
 * The monthly report as a PDF (app/report/pdf): Chromium loads the report page from this same
 * server over loopback and prints it to A4 with the page's print stylesheet. Where no Chromium can
 * be found the answer is 501, pointing at the browser's own Print → Save as PDF.
 *
 * Safety: the browser only ever opens this server's report path, built from a fixed loopback
 * origin (PORT, never a request header) and a path checked against the report's URL shape; every
 * other request the page would make is aborted. One PDF is made at a time (Chromium costs about a
 * hundred MB while it runs), a couple more may wait, and each has a deadline.
 */
import { existsSync } from "node:fs";
import { isIP } from "node:net";
import type { Browser } from "playwright-core";
import { CHROMIUM_ARGS, chromiumExecutablePath } from "../checks/chromium";
import type { Db } from "../db/client";
import { strings } from "../i18n/en";
import { monthlyReport, reportPath, type ReportScope } from "./report";

const t = strings.report;

/** One PDF from launch to last byte, waiting for a turn not included. */
export const REPORT_PDF_TIMEOUT_MS = 20_000;
/** Requests that may wait while one PDF is being made; more are told to retry. */
export const REPORT_PDF_MAX_WAITING = 2;
/** What a busy answer asks the client to wait, in seconds. */
const BUSY_RETRY_AFTER_S = 10;
/** The report page's path: /report/<YYYY-MM> or /report/<YYYY-MM>/<encoded key>. */
const REPORT_PATH = /^\/report\/\d{4}-(0[1-9]|1[0-2])(\/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)?$/;

/** No Chromium on this machine (or it cannot start): the reader should print from the browser. */
export class PdfUnavailableError extends Error {}
/** One PDF is being made and REPORT_PDF_MAX_WAITING more are waiting. */
export class PdfBusyError extends Error {}

/**
 * This server as seen from itself: HOST when it names one address (the app listens only there),
 * else 127.0.0.1; PORT else 3000. Configuration only, so a request cannot choose where the
 * browser goes.
 */
export function loopbackOrigin(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`PORT must be a number from 1 to 65535, got ${JSON.stringify(env.PORT)}`);
  const host = env.HOST?.trim() ?? "";
  const specific = isIP(host) !== 0 && host !== "0.0.0.0" && host !== "::";
  const address = !specific ? "127.0.0.1" : isIP(host) === 6 ? `[${host}]` : host;
  return `http://${address}:${port}`;
}

// A chain of turns: each PDF waits for the one before it.
let lastTurn: Promise<void> = Promise.resolve();
let queued = 0;

async function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  if (queued > REPORT_PDF_MAX_WAITING) throw new PdfBusyError(t.pdfBusy);
  queued += 1;
  const previous = lastTurn;
  let done!: () => void;
  lastTurn = new Promise<void>((resolve) => (done = resolve));
  try {
    await previous;
    return await work();
  } finally {
    queued -= 1;
    done();
  }
}

/** Throws PdfUnavailableError unless a Chromium executable exists where a launch would look. */
function executablePathOrThrow(chromium: typeof import("playwright-core").chromium): string | undefined {
  const configured = chromiumExecutablePath();
  if (configured !== undefined) {
    if (!existsSync(configured)) throw new PdfUnavailableError(t.pdfUnavailable);
    return configured;
  }
  let bundled: string;
  try {
    bundled = chromium.executablePath();
  } catch {
    throw new PdfUnavailableError(t.pdfUnavailable);
  }
  if (!existsSync(bundled)) throw new PdfUnavailableError(t.pdfUnavailable);
  return undefined;
}

/**
 * Prints the report page at `path` (as reportPath builds it) from `origin` to an A4 PDF.
 * `origin` is for tests; the route leaves it to loopbackOrigin().
 */
export async function renderReportPdf(path: string, opts: { origin?: string; timeoutMs?: number } = {}): Promise<Buffer> {
  if (!REPORT_PATH.test(path)) throw new RangeError(`not a report path: ${JSON.stringify(path)}`);
  const origin = opts.origin ?? loopbackOrigin();
  const url = new URL(path, origin);
  // The URL parser resolves "..", "%2e%2e" and the like: what it made must be what was asked.
  if (url.origin !== new URL(origin).origin || url.pathname !== path) throw new RangeError(`not a report path: ${JSON.stringify(path)}`);
  const timeoutMs = opts.timeoutMs ?? REPORT_PDF_TIMEOUT_MS;

  return oneAtATime(async () => {
    // Loaded here, on the first PDF only: playwright-core adds about 70 MB to the process.
    const { chromium } = await import("playwright-core");
    const executablePath = executablePathOrThrow(chromium);
    let browser: Browser | undefined;
    let expired = false;
    const printing = (async () => {
      try {
        browser = await chromium.launch({
          executablePath,
          args: [...CHROMIUM_ARGS],
          headless: true,
          timeout: timeoutMs,
          // Next owns the process's signals; Playwright's exit hook still ends Chromium with it.
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
        });
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        if (/Executable doesn't exist|ENOENT|Failed to launch/i.test(text)) throw new PdfUnavailableError(t.pdfUnavailable);
        throw error;
      }
      if (expired) throw new Error("deadline passed during the launch");
      // The report needs no script; a light page whatever the server's defaults.
      const context = await browser.newContext({ javaScriptEnabled: false, colorScheme: "light" });
      const page = await context.newPage();
      await page.route("**/*", (route) => (new URL(route.request().url()).origin === url.origin ? route.continue() : route.abort("blockedbyclient")));
      const response = await page.goto(url.href, { waitUntil: "load", timeout: timeoutMs });
      if (!response || response.status() !== 200) throw new Error(`the report page answered ${response?.status() ?? "nothing"}`);
      return page.pdf({
        format: "A4",
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: "<span></span>",
        footerTemplate: `<div style="width:100%;font:8px system-ui,sans-serif;color:#555;text-align:right;padding:0 12mm">
          <span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
        margin: { top: "14mm", bottom: "16mm", left: "12mm", right: "12mm" },
      });
    })();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the PDF took longer than ${timeoutMs} ms`)), timeoutMs);
    });
    const close = () => (browser as Browser | undefined)?.close().catch(() => undefined);
    try {
      return await Promise.race([printing, deadline]);
    } finally {
      clearTimeout(timer);
      expired = true;
      // Closing ends a print still running past its deadline; the turn ends only once it has
      // stopped, and a launch that finished meanwhile is closed too.
      await close();
      await printing.catch(() => undefined);
      await close();
    }
  });
}

/** The file name offered for the PDF: letters, digits, dot, dash and underscore only. */
export function reportPdfFilename(month: string, key: string | null): string {
  return `uptime-report-${month}${key === null ? "" : `-${key.replace(/[^A-Za-z0-9._-]/g, "_")}`}.pdf`;
}

function textResponse(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(message, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff", ...headers },
  });
}

/**
 * GET /report/pdf/<YYYY-MM>[/<component key>]: the report as a PDF, or 404 (unknown or private
 * component, malformed or future month: checked before any browser starts), 501 (no Chromium),
 * 503 (busy) or 500, each with a line of plain text saying what to do.
 */
export async function reportPdfResponse(db: Db, slug: readonly string[], opts: { origin?: string; now?: number } = {}): Promise<Response> {
  if (slug.length < 1 || slug.length > 2) return textResponse(404, t.pdfNotFound);
  const [month, key] = slug;
  const scope: ReportScope = key === undefined ? { scope: "page" } : { scope: "component", key };
  const report = await monthlyReport(db, scope, month, opts.now);
  if (!report) return textResponse(404, t.pdfNotFound);
  try {
    const pdf = await renderReportPdf(reportPath(report.range.month, report.key), { origin: opts.origin });
    return new Response(new Uint8Array(pdf), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `inline; filename="${reportPdfFilename(report.range.month, report.key)}"`,
        "content-length": String(pdf.length),
        "cache-control": "public, max-age=300",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof PdfUnavailableError) return textResponse(501, t.pdfUnavailable);
    if (error instanceof PdfBusyError) return textResponse(503, t.pdfBusy, { "retry-after": String(BUSY_RETRY_AFTER_S) });
    console.error(`report PDF ${reportPath(month, key ?? null)}:`, error);
    return textResponse(500, t.pdfFailed);
  }
}
