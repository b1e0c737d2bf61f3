import { headers } from "next/headers";
import { notFound } from "next/navigation";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { monitorDetail, type ChartData, type RecentCheck, type RecentChecksPage } from "@/lib/dashboard/monitors";
import { CHART_PRESET_NAMES, chartRangeSearch, MAX_CUSTOM_RANGE_DAYS, parseChartRange, utcMinuteText, type ChartRange } from "@/lib/dashboard/chart-range";
import { RANGES } from "@/lib/dashboard/ranges";
import { ownOrigin } from "@/lib/http/same-origin";
import { strings as t } from "@/lib/i18n/en";
import { formatUptimePercent } from "@/lib/uptime/uptime";
import { FLAP_WINDOW_MS } from "@/lib/status/flapping";
import { fmtDuration, fmtMs, fmtWhen } from "../../../_components/format";
import { LatencyChart } from "../../../_components/latency-chart";
import { PhaseChart } from "../../../_components/phase-chart";
import { requireUser } from "../../../_lib/session";
import { can } from "@/lib/auth/roles";
import { configFilePath } from "@/lib/config/load";
import { MonitorControls } from "../_components/monitor-controls";
import { ReliabilityBlock } from "../../../_components/reliability-block";
import { reliability } from "@/lib/incidents/reliability";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

const RANGE_WORDS: Record<string, string> = { "1h": "last hour", "24h": "last 24 hours", "7d": "last 7 days", "30d": "last 30 days", "90d": "last 90 days" };
const SOURCE_WORDS = { raw: "every check", hourly: "hourly rollups", daily: "daily rollups" } as const;

function rangeWords(r: ChartRange): string {
  return r.preset === "custom" ? `${utcMinuteText(r.from).replace("T", " ")} to ${utcMinuteText(r.to).replace("T", " ")} UTC` : RANGE_WORDS[r.preset];
}

function bucketWords(ms: number): string {
  if (ms >= 86_400_000) return "day";
  if (ms >= 3_600_000) return "hour";
  return ms === 60_000 ? "minute" : `${ms / 60_000} minutes`;
}

export default async function MonitorPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const { key } = await params;
  const query = await searchParams;
  const notice = query.notice;
  const now = Date.now();
  const parsed = parseChartRange(query, now);
  const failedOnly = one(query.checks) === "failed";
  const before = one(query.before).slice(0, 40) || null;
  const detail = await monitorDetail(await getDb(), decodeURIComponent(key), { range: parsed.range, before, failedOnly }, now);
  if (!detail) notFound();
  const { monitor: m, windows, chart, checks, transitions, tlsExpiresAt, pushToken, screenshotAt } = detail;
  const url = typeof m.checkConfig.url === "string" ? m.checkConfig.url : null;
  const origin = ownOrigin(await headers());
  const base = `/dashboard/monitors/${encodeURIComponent(m.key)}`;
  const rangeQuery = chartRangeSearch(chart.range);
  const checksHref = (patch: { failed?: boolean; before?: string | null }) => {
    const q = new URLSearchParams(rangeQuery);
    if (patch.failed ?? failedOnly) q.set("checks", "failed");
    if (patch.before) q.set("before", patch.before);
    return `${base}?${q}#checks-h`;
  };
  return (
    <>
      <p><Link href="/dashboard">← Monitors</Link></p>
      <div className="monitor-head">
        <h1>{m.name}</h1>
        {/* Actions on this monitor: pause, resume, edit, archive. */}
        <div className="monitor-actions">{m.archivedAt === null && can(user.role, "edit") ? <MonitorControls monitor={m} configFile={configFilePath()} /> : null}</div>
      </div>
      {typeof notice === "string" ? <p role="status" className="muted" data-testid="notice">{notice}</p> : null}
      <p>
        <span className="status-text" data-status={m.status} data-testid="monitor-status">
          <span className="dot" aria-hidden="true" />
          {t.status[m.status]}
        </span>{" "}
        <span className="muted">
          {m.since ? `for ${fmtDuration(Math.max(0, now - m.since))} (since ${fmtWhen(m.since)})` : "no result yet"} · {m.type.toUpperCase()}{" "}
          <span className="break-anywhere">{url}</span> · every {m.intervalS} s · timeout {m.timeoutMs} ms
          {m.component ? ` · ${m.component}` : ""}
          {m.origin === "config" ? " · managed by config" : " · created in the dashboard"}
        </span>
      </p>
      {m.pausedAt !== null ? (
        <p className="warning-text" data-testid="paused-notice">
          Paused by {m.pausedBy ?? "someone"} at {fmtWhen(m.pausedAt)}: not checked, and alerts are off for it until it is resumed; its time is not counted in uptime.
          {transitions[0]?.toStatus === "paused" && / while (down|degraded)/.test(transitions[0].reason) ? ` It was ${transitions[0].fromStatus === "down" ? "down" : "degraded"} when paused: its open alert stays open (acknowledged by the pause) until it is seen recovered.` : ""}
        </p>
      ) : null}
      {m.lastMessage && m.status !== "operational" && m.status !== "paused" ? <p className="error break-anywhere">{m.lastMessage}</p> : null}
      {m.flapping ? <p className="warning-text">Flapping: {m.flapping} state changes in the last {FLAP_WINDOW_MS / 60_000} minutes; alerts are held back until it settles.</p> : null}
      {m.warning ? <p className="warning-text">Regional warning (below quorum, not an outage): {m.warning}</p> : null}
      {tlsExpiresAt !== null ? <TlsExpiry expiresAtS={tlsExpiresAt} now={now} /> : null}
      {screenshotAt ? (
        <section className="card chart" aria-labelledby="shot-h">
          <h2 id="shot-h">Last failure screenshot</h2>
          <p className="muted">Taken {fmtWhen(screenshotAt)}.</p>
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img
            src={`${base}/screenshot?at=${screenshotAt}`}
            alt={`The page as the browser check saw it when it failed at ${fmtWhen(screenshotAt)}`}
            style={{ maxWidth: "100%", height: "auto", border: "1px solid var(--border)" }}
          />
        </section>
      ) : null}
      {pushToken ? (
        <section className="card chart" aria-labelledby="push-h">
          <h2 id="push-h">Push URL</h2>
          <p className="muted">
            Call this from the job when it succeeds (GET or POST); add <code>?status=down&amp;msg=…</code> when it fails. Without a call for{" "}
            {m.intervalS} s plus the grace time, the monitor is down. Keep the URL secret.
          </p>
          <pre style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="push-url">curl -fsS {origin}/api/push/{pushToken}</pre>
        </section>
      ) : null}
      <section aria-labelledby="windows-h">
        <h2 id="windows-h" className="visually-hidden">Uptime and latency by window</h2>
        <div className="card table-scroll">
          <table className="data cards-on-phone">
            <thead>
              <tr>
                <th scope="col">Window</th>
                <th scope="col" className="num">Uptime</th>
                <th scope="col" className="num">Downtime</th>
                <th scope="col" className="num">Checks passed</th>
                <th scope="col" className="num">p50</th>
                <th scope="col" className="num">p95</th>
                <th scope="col" className="num">p99</th>
                <th scope="col" className="num">Checks</th>
              </tr>
            </thead>
            <tbody>
              {RANGES.map((w) => (
                <tr key={w} data-testid="window-row">
                  <th scope="row">Last {w}</th>
                  <td className="num" data-label="Uptime">{formatUptimePercent(windows[w].ratio)}</td>
                  <td className="num" data-label="Downtime">{fmtDuration(windows[w].downtimeMs)}</td>
                  <td className="num" data-label="Checks passed">{formatUptimePercent(windows[w].checkRatio)}</td>
                  <td className="num" data-label="p50">{fmtMs(windows[w].p50Ms)}</td>
                  <td className="num" data-label="p95">{fmtMs(windows[w].p95Ms)}</td>
                  <td className="num" data-label="p99">{fmtMs(windows[w].p99Ms)}</td>
                  <td className="num" data-label="Checks">{windows[w].total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <RangePicker base={base} range={chart.range} fromText={parsed.fromText} toText={parsed.toText} error={parsed.error} now={now} />
      <Charts chart={chart} />

      <section aria-labelledby="reliability-h">
        <h2 id="reliability-h">Reliability, last 30 days</h2>
        <ReliabilityBlock r={(await reliability(await getDb(), { monitorId: m.id, to: now })).overall} />
      </section>

      <section aria-labelledby="transitions-h">
        <h2 id="transitions-h">State changes</h2>
        {transitions.length === 0 ? <p className="muted">None yet.</p> : (
          <div className="card table-scroll">
            <table className="data cards-on-phone">
              <thead><tr><th scope="col">When</th><th scope="col">Change</th><th scope="col">Reason</th></tr></thead>
              <tbody>
                {transitions.map((tr) => (
                  <tr key={tr.id}>
                    <td data-label="When">{fmtWhen(tr.at)}</td>
                    <td data-label="Change">{t.status[tr.fromStatus]} → {t.status[tr.toStatus]}</td>
                    <td className="text" data-label="Reason">{tr.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <RecentChecks page={checks} allHref={checksHref({ failed: false })} failedHref={checksHref({ failed: true })} olderHref={checks.older ? checksHref({ before: checks.older }) : null} newestHref={before ? checksHref({}) : null} />
    </>
  );
}

function TlsExpiry({ expiresAtS, now }: { expiresAtS: number; now: number }) {
  const days = Math.floor((expiresAtS * 1000 - now) / 86_400_000);
  const soon = days < 14;
  return (
    <p className={soon ? "warning-text" : "muted"} data-testid="tls-expiry">
      Certificate expires {new Date(expiresAtS * 1000).toISOString().slice(0, 10)} ({days < 0 ? "expired" : days === 0 ? "today" : `in ${days} ${days === 1 ? "day" : "days"}`}).
    </p>
  );
}

/** Presets as links, a custom range as a GET form (UTC): works without JavaScript. */
function RangePicker({ base, range, fromText, toText, error, now }: { base: string; range: ChartRange; fromText: string; toText: string; error: string | null; now: number }) {
  const maxText = utcMinuteText(now);
  return (
    <section aria-labelledby="range-h" className="range-picker">
      <h2 id="range-h">Latency over time</h2>
      <nav aria-label="Chart range">
        <ul className="range-links">
          {CHART_PRESET_NAMES.map((p) => (
            <li key={p}>
              <Link href={`${base}?range=${p}`} aria-current={range.preset === p ? "true" : undefined} scroll={false}>{p}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={base} className="filters range-custom" aria-label="Custom range">
        <input type="hidden" name="range" value="custom" />
        <label>
          From (UTC)
          <input type="datetime-local" name="from" defaultValue={fromText || (range.preset === "custom" ? utcMinuteText(range.from) : "")} max={maxText} required aria-describedby={error ? "range-error" : undefined} />
        </label>
        <label>
          To (UTC)
          <input type="datetime-local" name="to" defaultValue={toText || (range.preset === "custom" ? utcMinuteText(range.to) : "")} max={maxText} required />
        </label>
        <div className="filter-actions"><button type="submit">Show range</button></div>
      </form>
      <p className="muted">At most {MAX_CUSTOM_RANGE_DAYS} days, up to now.</p>
      {error ? <p className="error" id="range-error" role="alert">{error}</p> : null}
    </section>
  );
}

function Charts({ chart }: { chart: ChartData }) {
  const { range } = chart;
  const words = rangeWords(range);
  const how = `One point per ${bucketWords(range.bucketMs)}, from ${SOURCE_WORDS[range.source]}${chart.truncated ? " (the oldest checks left out: too many to draw)" : ""}.`;
  const answered = chart.all.some((p) => p.p50Ms !== null);
  return (
    <div data-testid="charts" data-range={range.preset} data-from={range.from} data-to={range.to} data-source={range.source}>
      <section className="card chart" aria-labelledby="latency-h">
        <h3 id="latency-h">Latency percentiles, {words}</h3>
        <p className="muted">{how} Answered checks only; all regions together.</p>
        {answered ? <LatencyChart points={chart.all} from={range.from} to={range.to} bucketMs={range.bucketMs} /> : <p>No answered checks in this range.</p>}
      </section>
      {chart.regions.length ? (
        <section className="card chart" aria-labelledby="regions-h">
          <h3 id="regions-h">By region, {words}</h3>
          {chart.regions.map((r) => (
            <div key={r.region} className="region-chart">
              <h4>{r.region}</h4>
              <LatencyChart points={r.points} from={range.from} to={range.to} bucketMs={range.bucketMs} height={200} />
            </div>
          ))}
        </section>
      ) : null}
      <section className="card chart" aria-labelledby="phases-h">
        <h3 id="phases-h">Latency by phase, {words}</h3>
        <p className="muted">Mean of answered checks per {bucketWords(range.bucketMs)}, from {SOURCE_WORDS[range.source]}.</p>
        {chart.phases.length ? <PhaseChart points={chart.phases} from={range.from} to={range.to} bucketMs={range.bucketMs} /> : <p>No answered checks in this range.</p>}
      </section>
    </div>
  );
}

function RecentChecks({ page, allHref, failedHref, olderHref, newestHref }: { page: RecentChecksPage; allHref: string; failedHref: string; olderHref: string | null; newestHref: string | null }) {
  return (
    <section aria-labelledby="checks-h">
      <h2 id="checks-h">Recent checks</h2>
      <nav aria-label="Which checks" className="range-links-wrap">
        <ul className="range-links">
          <li><Link href={allHref} aria-current={page.failedOnly ? undefined : "true"}>All</Link></li>
          <li><Link href={failedHref} aria-current={page.failedOnly ? "true" : undefined}>Failed and degraded</Link></li>
        </ul>
      </nav>
      {page.checks.length === 0 ? <p className="muted">No checks{page.failedOnly ? " failed" : " yet"}.</p> : (
        <ol className="check-list">
          {page.checks.map((c) => <CheckItem key={c.id} c={c} />)}
        </ol>
      )}
      <nav aria-label="Older and newer checks" className="pager">
        {newestHref ? <Link href={newestHref}>← Newest</Link> : <span />}
        {olderHref ? <Link href={olderHref}>Older checks →</Link> : <span />}
      </nav>
    </section>
  );
}

const RESULT_WORDS = { up: "operational", down: "down", degraded: "degraded" } as const;
const RESULT_LABEL = { up: "Up", down: "Down", degraded: "Degraded" } as const;

/** One check: result in colour and words, its numbers, its assertions, and for a failure what the target answered (as text). */
function CheckItem({ c }: { c: RecentCheck }) {
  return (
    <li className="check card" data-testid="check-row" data-status={c.status}>
      <div className="check-head">
        <span className="status-text" data-status={RESULT_WORDS[c.status]}><span className="dot" aria-hidden="true" />{RESULT_LABEL[c.status]}</span>
        <span>{fmtWhen(c.startedAt)}</span>
        <span className="muted">{c.region}</span>
        <span className="muted">{c.statusCode ? `HTTP ${c.statusCode}` : "no status"} · {fmtMs(c.totalMs)}{c.errorClass ? ` · ${c.errorClass}` : ""}</span>
      </div>
      {c.message ? <p className="check-message break-anywhere">{c.message}</p> : null}
      {c.assertions ? (
        <ul className="assertions" aria-label="Assertions">
          {c.assertions.map((a, i) => (
            <li key={i} data-ok={a.ok ? "true" : "false"}>
              <span className="assert-mark">{a.ok ? "✓ passed" : a.severity === "degraded" ? "✗ failed (degrades)" : "✗ failed"}</span>{" "}
              <span className="break-anywhere">{a.name}: expected {a.expected}, got {a.actual}</span>
            </li>
          ))}
        </ul>
      ) : c.status === "up" ? <p className="muted check-message">All assertions passed.</p> : null}
      {c.responseHeaders !== null || c.responseBody !== null ? (
        <details className="evidence">
          <summary>Response {c.statusCode ? `(HTTP ${c.statusCode})` : ""}: headers and first bytes of the body</summary>
          <h4>Headers</h4>
          <pre tabIndex={0}>{c.responseHeaders || "(none)"}</pre>
          <h4>Body (first bytes, as text)</h4>
          <pre tabIndex={0}>{c.responseBody || "(empty)"}</pre>
        </details>
      ) : null}
    </li>
  );
}
