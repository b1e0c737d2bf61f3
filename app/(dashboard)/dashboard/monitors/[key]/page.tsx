import { headers } from "next/headers";
import { notFound } from "next/navigation";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { monitorDetail, PHASE_BUCKET_MS } from "@/lib/dashboard/monitors";
import { RANGES } from "@/lib/dashboard/ranges";
import { strings as t } from "@/lib/i18n/en";
import { formatUptimePercent } from "@/lib/uptime/uptime";
import { FLAP_WINDOW_MS } from "@/lib/status/flapping";
import { RESULT_STATUS_BY_CODE } from "@/lib/checks/types";
import { fmtDuration, fmtMs, fmtWhen } from "../../../_components/format";
import { PhaseChart } from "../../../_components/phase-chart";
import { requireUser } from "../../../_lib/session";
import { can } from "@/lib/auth/roles";
import { configFilePath } from "@/lib/config/load";
import { MonitorControls } from "../_components/monitor-controls";

export const dynamic = "force-dynamic";

export default async function MonitorPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const { key } = await params;
  const { notice } = await searchParams;
  const detail = await monitorDetail(await getDb(), decodeURIComponent(key));
  if (!detail) notFound();
  const { monitor: m, windows, phases, transitions, failures, pushToken, screenshotAt } = detail;
  const url = typeof m.checkConfig.url === "string" ? m.checkConfig.url : null;
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost"}`;
  return (
    <>
      <p><Link href="/dashboard">← Monitors</Link></p>
      <h1>{m.name}</h1>
      {typeof notice === "string" ? <p role="status" className="muted" data-testid="notice">{notice}</p> : null}
      <p>
        <span className="status-text" data-status={m.status} data-testid="monitor-status">
          <span className="dot" aria-hidden="true" />
          {t.status[m.status]}
        </span>{" "}
        <span className="muted">
          since {fmtWhen(m.since)} · {m.type.toUpperCase()} {url} · every {m.intervalS} s · timeout {m.timeoutMs} ms
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
      {m.lastMessage && m.status !== "operational" && m.status !== "paused" ? <p className="error">{m.lastMessage}</p> : null}
      {m.archivedAt === null && can(user.role, "edit") ? <MonitorControls monitor={m} configFile={configFilePath()} /> : null}
      {m.flapping ? <p className="warning-text">Flapping: {m.flapping} state changes in the last {FLAP_WINDOW_MS / 60_000} minutes; alerts are held back until it settles.</p> : null}
      {m.warning ? <p className="warning-text">Regional warning (below quorum, not an outage): {m.warning}</p> : null}
      {screenshotAt ? (
        <section className="card chart" aria-labelledby="shot-h">
          <h2 id="shot-h">Last failure screenshot</h2>
          <p className="muted">Taken {fmtWhen(screenshotAt)}.</p>
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img
            src={`/dashboard/monitors/${encodeURIComponent(m.key)}/screenshot?at=${screenshotAt}`}
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
          <table className="data">
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
                  <td className="num">{formatUptimePercent(windows[w].ratio)}</td>
                  <td className="num">{fmtDuration(windows[w].downtimeMs)}</td>
                  <td className="num">{formatUptimePercent(windows[w].checkRatio)}</td>
                  <td className="num">{fmtMs(windows[w].p50Ms)}</td>
                  <td className="num">{fmtMs(windows[w].p95Ms)}</td>
                  <td className="num">{fmtMs(windows[w].p99Ms)}</td>
                  <td className="num">{windows[w].total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card chart" aria-labelledby="phases-h">
        <h2 id="phases-h">Latency by phase, last 24 hours</h2>
        <p className="muted">Mean of answered checks per {PHASE_BUCKET_MS === 3_600_000 ? "hour" : `${PHASE_BUCKET_MS / 60_000} minutes`}, from the hourly rollups.</p>
        {phases.length ? <PhaseChart points={phases} /> : <p>No answered checks in the last 24 hours.</p>}
      </section>
      <section aria-labelledby="transitions-h">
        <h2 id="transitions-h">State changes</h2>
        <div className="card table-scroll">
          <table className="data">
            <thead><tr><th scope="col">When</th><th scope="col">Change</th><th scope="col">Reason</th></tr></thead>
            <tbody>
              {transitions.map((tr) => (
                <tr key={tr.id}>
                  <td>{fmtWhen(tr.at)}</td>
                  <td>{t.status[tr.fromStatus]} → {t.status[tr.toStatus]}</td>
                  <td style={{ whiteSpace: "normal" }}>{tr.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="failures-h">
        <h2 id="failures-h">Recent failed and degraded checks</h2>
        <div className="card table-scroll">
          <table className="data">
            <thead><tr><th scope="col">When</th><th scope="col">Result</th><th scope="col">Class</th><th scope="col">Why</th></tr></thead>
            <tbody>
              {failures.map((f) => (
                <tr key={f.startedAt}>
                  <td>{fmtWhen(f.startedAt)}</td>
                  <td>{RESULT_STATUS_BY_CODE[f.status]}{f.statusCode ? ` (${f.statusCode})` : ""}</td>
                  <td>{f.errorClass ?? "–"}</td>
                  <td style={{ whiteSpace: "normal" }}>{f.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
