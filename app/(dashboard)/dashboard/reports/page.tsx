import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { UserError } from "@/lib/errors";
import { checksPeriod, DEFAULT_TARGET_PCT, lastFullMonth, MAX_REPORT_DAYS, periodQuery, queryText, reportQuery, type ReportPeriod } from "@/lib/reports/period";
import { MAX_EXPORT_ROWS } from "@/lib/reports/exports";
import { slaReport, type SlaRow } from "@/lib/reports/sla";
import { formatUptimePercent } from "@/lib/uptime/uptime";
import { fmtDuration, fmtMs } from "../../_components/format";
import { requireUser } from "../../_lib/session";
import s from "./reports.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Reports · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

const fmtDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/**
 * SLA per component and monitor over a month or a range of days (lib/reports), with exports.
 * Read-only data: every signed-in user may see it, viewers included.
 */
export default async function ReportsPage({ searchParams }: { searchParams: Search }) {
  await requireUser();
  const q = await searchParams;
  const now = Date.now();
  // An export refused (lib/reports) comes back here with its message.
  let problem = typeof q.error === "string" ? q.error.slice(0, 300) : undefined;
  let asked: { period: ReportPeriod; targetPct: number };
  try {
    asked = reportQuery(q, now);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    problem = err.message;
    asked = reportQuery({}, now);
  }
  const { period, targetPct } = asked;
  const db = await getDb();
  const report = await slaReport(db, period, targetPct, now);
  const checks = checksPeriod({}, now);
  const exportQuery = new URLSearchParams(periodQuery(period));
  const chosenMonitor = queryText(q, "monitor");

  return (
    <>
      <h1>Reports</h1>
      <p className="muted">
        Uptime against a target per component and monitor, by the same formula as the dashboard and the public page: maintenance and paused time are left out. Days are UTC.
      </p>
      {problem ? (
        <p className="error" role="alert" data-testid="report-error">
          {problem}
        </p>
      ) : null}
      <form method="get" action="/dashboard/reports" className="filters" aria-label="Report for a month">
        <label>
          Month
          <input type="month" name="month" defaultValue={period.month ?? lastFullMonth(now)} required />
        </label>
        <TargetField targetPct={targetPct} />
        <div className="filter-actions">
          <button type="submit">Show month</button>
        </div>
      </form>
      <form method="get" action="/dashboard/reports" className="filters" aria-label="Report for a range of days">
        <DayFields period={period} />
        <TargetField targetPct={targetPct} />
        <div className="filter-actions">
          <button type="submit">Show range</button>
        </div>
      </form>
      <p className="muted">A range is at most {MAX_REPORT_DAYS} days; the target defaults to {DEFAULT_TARGET_PCT} %.</p>

      <h2 id="period-h" data-testid="report-period">
        {fmtDay(period.firstDay)} – {fmtDay(period.lastDay)}, target {targetPct} %
      </h2>
      <SlaTable caption="Components" first="Component" extraLabel="Monitors" rows={report.components.map((c) => ({ ...c, extra: String(c.monitors) }))} testId="sla-component" />
      <SlaTable caption="Monitors" first="Monitor" extraLabel="Component" rows={report.monitors.map((m) => ({ ...m, extra: m.component ?? "–" }))} testId="sla-monitor" />

      <h2>Export</h2>
      <p>
        Uptime per monitor per day for this period:{" "}
        <a href={`/dashboard/reports/uptime?${exportQuery}&format=csv`} data-testid="export-uptime-csv">
          CSV
        </a>{" "}
        ·{" "}
        <a href={`/dashboard/reports/uptime?${exportQuery}&format=json`}>
          JSON
        </a>
      </p>
      <form method="get" action="/dashboard/reports/checks" className="filters" aria-label="Export the checks of a monitor">
        <label>
          Monitor
          <select name="monitor" defaultValue={chosenMonitor ?? report.monitors[0]?.key ?? ""} required>
            {report.monitors.map((m) => (
              <option key={m.key} value={m.key}>
                {m.name} ({m.key})
              </option>
            ))}
          </select>
        </label>
        <DayFields period={checks} />
        <label>
          Format
          <select name="format" defaultValue="csv">
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
          </select>
        </label>
        <div className="filter-actions">
          <button type="submit">Download checks</button>
        </div>
      </form>
      <p className="muted">Every check result of one monitor, oldest first: raw results are kept 14 days, and one file holds at most {MAX_EXPORT_ROWS.toLocaleString("en-GB")} rows.</p>
      <p>
        <Link href="/api/v1/docs">Also in the API</Link>: <code>GET /api/v1/reports/sla?month=…&amp;target=…</code>
      </p>
    </>
  );
}

/** The first and last day of a range (`from`, `to`), both included. */
function DayFields({ period }: { period: ReportPeriod }) {
  return (
    <>
      <label>
        First day
        <input type="date" name="from" defaultValue={period.firstDay} required />
      </label>
      <label>
        Last day
        <input type="date" name="to" defaultValue={period.lastDay} required />
      </label>
    </>
  );
}

function TargetField({ targetPct }: { targetPct: number }) {
  return (
    <label>
      Target (%)
      <input type="text" inputMode="decimal" name="target" defaultValue={String(targetPct)} maxLength={8} />
    </label>
  );
}

function Verdict({ met }: { met: boolean | null }) {
  const [status, text] = met === null ? ["no_data", "No data"] : met ? ["operational", "Met"] : ["down", "Missed"];
  return (
    <span className="status-text" data-status={status}>
      {text}
    </span>
  );
}

function SlaTable({ caption, first, extraLabel, rows, testId }: { caption: string; first: string; extraLabel: string; rows: (SlaRow & { extra: string })[]; testId: string }) {
  if (rows.length === 0) return <p className="muted">No {caption.toLowerCase()}.</p>;
  return (
    <div className={`card table-scroll ${s.table}`}>
      <table className="data cards-on-phone">
        <caption className={s.caption}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">{extraLabel}</th>
            <th scope="col" className="num">Uptime</th>
            <th scope="col" className="num">Downtime</th>
            <th scope="col" className="num">Incidents</th>
            <th scope="col" className="num">p95</th>
            <th scope="col">Target</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-testid={testId} data-key={r.key}>
              <th scope="row" className="text">
                {r.name}
              </th>
              <td data-label={extraLabel}>{r.extra}</td>
              <td className="num" data-label="Uptime">
                {formatUptimePercent(r.uptime, 3)}
              </td>
              <td className="num" data-label="Downtime">
                {r.uptime === null ? "–" : fmtDuration(r.downtimeMs)}
              </td>
              <td className="num" data-label="Incidents">
                {r.incidents}
              </td>
              <td className="num" data-label="p95">
                {fmtMs(r.p95Ms ?? undefined)}
              </td>
              <td data-label="Target">
                <Verdict met={r.met} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
