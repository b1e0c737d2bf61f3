import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { emailConfigured } from "@/lib/notify/email";
import {
  loadOverview,
  OVERVIEW_SEARCH_MAX_CHARS,
  OVERVIEW_SORT_LABELS,
  OVERVIEW_SORTS,
  OVERVIEW_STATE_LABELS,
  OVERVIEW_STATES,
  OVERVIEW_PAGE_SIZE,
  overviewSearch,
  parseOverviewQuery,
  type OverviewRow,
} from "@/lib/dashboard/overview";
import { MONITOR_TYPES } from "@/lib/db/schema/monitors";
import { FLAP_WINDOW_MS } from "@/lib/status/flapping";
import { PULSE_INTERVAL_MS, PULSE_STALE_MS, isStale, listPulses } from "@/lib/workers/pulse";
import { strings as t } from "@/lib/i18n/en";
import { formatUptimePercent } from "@/lib/uptime/uptime";
import { readPageSettings, uptimeFormulaOf } from "@/lib/settings/page";
import { fmtDuration, fmtMs, fmtWhen } from "../_components/format";
import { AlertsTable } from "../_components/alerts-table";
import { LiveOverview } from "../_components/live-overview";
import { Sparkline } from "../_components/sparkline";
import { can } from "@/lib/auth/roles";
import { readConfigError } from "@/lib/settings/config-error";
import { requireUser } from "../_lib/session";
import { listAlerts, regionSilentAfterMs } from "@/lib/alerts/store";

export const dynamic = "force-dynamic";
export const metadata = { title: "Overview · Dashboard" };

const LIVE_INTERVAL_MS = 10_000;

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const db = await getDb();
  const query = parseOverviewQuery(await searchParams);
  const [overview, workers, alerts, page, configError] = await Promise.all([loadOverview(db, query), listPulses(db), listAlerts(db, 10), readPageSettings(db), readConfigError(db)]);
  const now = overview.generatedAt;
  const formula = uptimeFormulaOf(page);
  const percent = (weight: number) => `${Math.round(weight * 1000) / 10} %`;
  const here = `/dashboard${overviewSearch(query)}`;
  const first = (query.page - 1) * OVERVIEW_PAGE_SIZE;
  return (
    <>
      <h1>Overview</h1>
      {/* Notices about the setup: a config file that did not apply, email not set up. */}
      <div className="notices">
        {configError ? (
          <section className="card chart" role="alert" data-testid="config-error">
            <h2 className="error">{configError.file} is not valid</h2>
            <p>
              The edit saved at {fmtWhen(configError.at)} was not applied: the previous configuration stays in force until the file is fixed.
            </p>
            <pre style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{configError.lines.join("\n")}</pre>
          </section>
        ) : null}
        {emailConfigured(process.env) ? null : (
          <p className="warning-text" role="status" data-testid="smtp-missing">
            Email is not set up: email channels and subscriber emails cannot be sent, and the public page offers only webhook and feed
            subscriptions. Set SMTP_URL (like smtp://user:pass@host:587) and SMTP_FROM, then restart.
          </p>
        )}
      </div>

      <nav aria-label="Monitors by state" className="summary-strip" data-testid="summary">
        <ul>
          {OVERVIEW_STATES.map((s) => (
            <li key={s}>
              <Link href={`/dashboard${overviewSearch(query, { state: query.state === s ? null : s, page: 1 })}`} className="summary-item" data-status={s} aria-current={query.state === s ? "true" : undefined}>
                <span className="count" data-live-count={s}>{overview.summary[s]}</span>
                <span className="status-text" data-status={s}><span className="dot" aria-hidden="true" />{OVERVIEW_STATE_LABELS[s]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <h2 id="monitors-h">Monitors</h2>
      {can(user.role, "edit") ? (
        <p>
          <Link className="button" href="/dashboard/monitors/new" data-testid="new-monitor">
            New monitor
          </Link>
        </p>
      ) : null}
      <form method="get" action="/dashboard" className="filters" role="search" aria-label="Find monitors">
        <label>
          Search
          <input type="search" name="q" defaultValue={query.q} maxLength={OVERVIEW_SEARCH_MAX_CHARS} placeholder="Name or key" />
        </label>
        <label>
          State
          <select name="state" defaultValue={query.state ?? ""}>
            <option value="">Any state</option>
            {OVERVIEW_STATES.map((s) => <option key={s} value={s}>{OVERVIEW_STATE_LABELS[s]}</option>)}
          </select>
        </label>
        <label>
          Component
          <select name="component" defaultValue={query.component ?? ""}>
            <option value="">Any component</option>
            {overview.components.map((c) => <option key={c.key} value={c.key}>{c.name}</option>)}
          </select>
        </label>
        <label>
          Type
          <select name="type" defaultValue={query.type ?? ""}>
            <option value="">Any type</option>
            {MONITOR_TYPES.map((ty) => <option key={ty} value={ty}>{ty.toUpperCase()}</option>)}
          </select>
        </label>
        <label>
          Sort
          <select name="sort" defaultValue={query.sort}>
            {OVERVIEW_SORTS.map((s) => <option key={s} value={s}>{OVERVIEW_SORT_LABELS[s]}</option>)}
          </select>
        </label>
        <div className="filter-actions">
          <button type="submit">Show</button>
          <Link href="/dashboard">Clear</Link>
        </div>
      </form>
      <p className="list-status">
        <span>
          {overview.matched === 0 ? "No monitors match." : `${first + 1}–${first + overview.rows.length} of ${overview.matched}`}
          {overview.matched !== overview.total ? ` (${overview.total} in all)` : ""}
        </span>{" "}
        <span className="muted">as of {fmtWhen(now)} · </span>
        <a href={here}>Refresh</a> <LiveOverview src={`/dashboard/overview.json${overviewSearch(query)}`} intervalMs={LIVE_INTERVAL_MS} />
      </p>
      <ol className="monitor-list" aria-labelledby="monitors-h">
        {overview.rows.map((m) => <MonitorCard key={m.id} m={m} now={now} />)}
      </ol>
      {overview.pageCount > 1 ? (
        <nav aria-label="Pages" className="pager">
          {query.page > 1 ? <Link href={`/dashboard${overviewSearch(query, { page: query.page - 1 })}`} rel="prev">← Previous</Link> : <span />}
          <span>Page {query.page} of {overview.pageCount}</span>
          {query.page < overview.pageCount ? <Link href={`/dashboard${overviewSearch(query, { page: query.page + 1 })}`} rel="next">Next →</Link> : <span />}
        </nav>
      ) : null}
      <p className="muted">
        Uptime counts time: major outage fully, partial outage (down in some regions) {percent(formula.partialOutageWeight)}
        {formula.degradedWeight > 0 ? `, degraded performance ${percent(formula.degradedWeight)}` : null}, maintenance and paused time left out. p95 and the bars
        are the last 24 hours, one bar an hour (red: some checks failed).
      </p>

      <h2>Alerts</h2>
      <p className="muted">A monitor down by quorum (outside maintenance; while it flaps, only the repeats are held back) or a probe region silent for {fmtDuration(regionSilentAfterMs())}.</p>
      <AlertsTable alerts={alerts} canAcknowledge={can(user.role, "edit")} />
      <h2>Workers</h2>
      <p className="muted">Each probe region and the coordinator report every {fmtDuration(PULSE_INTERVAL_MS)}; one silent for{" "}
        {fmtDuration(PULSE_STALE_MS)} is shown as such.</p>
      <div className="card table-scroll">
        <table className="data cards-on-phone">
          <caption className="visually-hidden">Worker roles and when they last reported</caption>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Region</th>
              <th scope="col">State</th>
              <th scope="col">Last report</th>
              <th scope="col">Host (pid)</th>
              <th scope="col" className="num">Monitors</th>
              <th scope="col" className="num">Checks</th>
            </tr>
          </thead>
          <tbody>
            {workers.map((w) => {
              const silent = isStale(w, now);
              return (
                <tr key={`${w.role}:${w.region}`} data-testid="worker-row">
                  <th scope="row">{w.role}</th>
                  <td data-label="Region">{w.region === "*" ? "–" : w.region}</td>
                  <td data-label="State">
                    <span className="status-text" data-status={silent ? "down" : "operational"}>
                      <span className="dot" aria-hidden="true" />
                      {silent ? `silent for ${Math.round((now - w.lastBeatAt) / 1000)} s` : "reporting"}
                    </span>
                  </td>
                  <td data-label="Last report">{fmtWhen(w.lastBeatAt)}</td>
                  <td data-label="Host (pid)">
                    {w.host} ({w.pid})
                  </td>
                  <td className="num" data-label="Monitors">{w.stats?.monitors ?? "–"}</td>
                  <td className="num" data-label="Checks">{w.stats?.checks ?? w.stats?.processed ?? "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** One monitor: state first (colour and words, time in state), then numbers, bars and regions. */
function MonitorCard({ m, now }: { m: OverviewRow; now: number }) {
  return (
    <li className="monitor-card card" data-testid="monitor-row" data-monitor={m.key} data-name={m.name} data-state={m.state} data-live-row="">
      <div className="mc-head">
        <Link href={`/dashboard/monitors/${encodeURIComponent(m.key)}`} className="mc-name">{m.name}</Link>
        <span className="status-text" data-status={m.state} data-live="state">
          <span className="dot" aria-hidden="true" />
          <span data-live="label">{OVERVIEW_STATE_LABELS[m.state]}</span>{" "}
          <span className="muted mc-since" data-live="since">{m.since === null ? "" : `for ${fmtDuration(Math.max(0, now - m.since))}`}</span>
        </span>
      </div>
      <p className="mc-meta muted">
        {m.type.toUpperCase()} · {m.component ?? "no component"}{m.isPublic ? "" : " · private"} · last check {m.lastResultAt === null ? "never" : `${fmtDuration(Math.max(0, now - m.lastResultAt))} ago`}
      </p>
      {m.lastMessage && m.state !== "operational" ? <p className="mc-message">{m.lastMessage}</p> : null}
      {m.warning ? <p className="warning-text" data-testid="regional-warning">Regional warning: {m.warning}</p> : null}
      {m.flapping ? (
        <p className="warning-text" data-testid="flapping">
          Flapping: {m.flapping} state changes in {FLAP_WINDOW_MS / 60_000} min; alerts held back
        </p>
      ) : null}
      <div className="mc-body">
        <dl className="mc-stats">
          <div><dt>Uptime 24h</dt><dd>{formatUptimePercent(m.uptime["24h"])}</dd></div>
          <div><dt>7d</dt><dd>{formatUptimePercent(m.uptime["7d"])}</dd></div>
          <div><dt>30d</dt><dd>{formatUptimePercent(m.uptime["30d"])}</dd></div>
          <div><dt>p95 24h</dt><dd>{fmtMs(m.p95Ms24h ?? undefined)}</dd></div>
        </dl>
        <Sparkline hours={m.spark} />
      </div>
      {m.regions.length ? (
        <ul className="mc-regions" aria-label={`Regions of ${m.name}`}>
          {m.regions.map((r) => (
            <li key={r.name}>
              <span className="status-text" data-status={r.status}><span className="dot" aria-hidden="true" />{r.name}: {t.status[r.status as keyof typeof t.status] ?? r.status}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
