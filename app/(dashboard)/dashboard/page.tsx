import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { emailConfigured } from "@/lib/notify/email";
import { listMonitorOverviews } from "@/lib/dashboard/monitors";
import { FLAP_WINDOW_MS } from "@/lib/status/flapping";
import { PULSE_INTERVAL_MS, PULSE_STALE_MS, isStale, listPulses } from "@/lib/workers/pulse";
import { RANGES } from "@/lib/dashboard/ranges";
import { strings as t } from "@/lib/i18n/en";
import { formatUptimePercent } from "@/lib/uptime/uptime";
import { readPageSettings, uptimeFormulaOf } from "@/lib/settings/page";
import { fmtDuration, fmtMs, fmtWhen } from "../_components/format";
import { AlertsTable } from "../_components/alerts-table";
import { can } from "@/lib/auth/roles";
import { requireUser } from "../_lib/session";
import { readConfigError } from "@/lib/settings/config-error";
import { listAlerts, regionSilentAfterMs } from "@/lib/alerts/store";

export const dynamic = "force-dynamic";
export const metadata = { title: "Overview · Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  const db = await getDb();
  const [monitors, workers, alerts, page, configError] = await Promise.all([listMonitorOverviews(db), listPulses(db), listAlerts(db, 10), readPageSettings(db), readConfigError(db)]);
  const now = Date.now();
  // The copy says the values in force: the formula from the config, the silence from the env.
  const formula = uptimeFormulaOf(page);
  const percent = (weight: number) => `${Math.round(weight * 1000) / 10} %`;
  return (
    <>
      <h1>Overview</h1>
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
      <h2>Alerts</h2>
      <p className="muted">A monitor down by quorum (outside maintenance; while it flaps, only the repeats are held back) or a probe region silent for {fmtDuration(regionSilentAfterMs())}.</p>
      <AlertsTable alerts={alerts} canAcknowledge={can(user.role, "edit")} />
      <h2>Monitors</h2>
      {can(user.role, "edit") ? (
        <p>
          <Link className="button" href="/dashboard/monitors/new" data-testid="new-monitor">
            New monitor
          </Link>
        </p>
      ) : null}
      <p className="muted">
        Uptime counts time: major outage fully, partial outage (down in some regions) {percent(formula.partialOutageWeight)}
        {formula.degradedWeight > 0 ? `, degraded performance ${percent(formula.degradedWeight)}` : null}, maintenance and paused time left out. p50/p95/p99 are over
        the last 24 hours.
      </p>
      <div className="card table-scroll">
        <table className="data">
          <caption className="visually-hidden">Monitors with status, uptime and latency</caption>
          <thead>
            <tr>
              <th scope="col">Monitor</th>
              <th scope="col">Status</th>
              {RANGES.map((w) => (
                <th scope="col" className="num" key={w}>
                  Uptime {w}
                </th>
              ))}
              <th scope="col" className="num">p50</th>
              <th scope="col" className="num">p95</th>
              <th scope="col" className="num">p99</th>
              <th scope="col">Last check</th>
            </tr>
          </thead>
          <tbody>
            {monitors.map((m) => (
              <tr key={m.id} data-testid="monitor-row" data-monitor={m.key}>
                <th scope="row">
                  <Link href={`/dashboard/monitors/${encodeURIComponent(m.key)}`}>{m.name}</Link>
                  <div className="muted">{m.component ?? "no component"}{m.isPublic ? "" : " · private"}</div>
                </th>
                <td className="text">
                  <span className="status-text" data-status={m.status}>
                    <span className="dot" aria-hidden="true" />
                    {t.status[m.status]}
                  </span>
                  {m.lastMessage && m.status !== "operational" ? <div className="muted">{m.lastMessage}</div> : null}
                  {m.warning ? <div className="warning-text" data-testid="regional-warning">Regional warning: {m.warning}</div> : null}
                  {m.flapping ? (
                    <div className="warning-text" data-testid="flapping">
                      Flapping: {m.flapping} state changes in {FLAP_WINDOW_MS / 60_000} min; alerts held back
                    </div>
                  ) : null}
                </td>
                {RANGES.map((w) => (
                  <td className="num" key={w}>
                    {formatUptimePercent(m.windows[w].ratio)}
                  </td>
                ))}
                <td className="num">{fmtMs(m.windows["24h"].p50Ms)}</td>
                <td className="num">{fmtMs(m.windows["24h"].p95Ms)}</td>
                <td className="num">{fmtMs(m.windows["24h"].p99Ms)}</td>
                <td>{fmtWhen(m.lastResultAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Workers</h2>
      <p className="muted">Each probe region and the coordinator report every {fmtDuration(PULSE_INTERVAL_MS)}; one silent for{" "}
        {fmtDuration(PULSE_STALE_MS)} is shown as such.</p>
      <div className="card table-scroll">
        <table className="data">
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
                  <td>{w.region === "*" ? "–" : w.region}</td>
                  <td>
                    <span className="status-text" data-status={silent ? "down" : "operational"}>
                      <span className="dot" aria-hidden="true" />
                      {silent ? `silent for ${Math.round((now - w.lastBeatAt) / 1000)} s` : "reporting"}
                    </span>
                  </td>
                  <td>{fmtWhen(w.lastBeatAt)}</td>
                  <td>
                    {w.host} ({w.pid})
                  </td>
                  <td className="num">{w.stats?.monitors ?? "–"}</td>
                  <td className="num">{w.stats?.checks ?? w.stats?.processed ?? "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
