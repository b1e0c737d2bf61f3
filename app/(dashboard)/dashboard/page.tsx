import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { listMonitorOverviews } from "@/lib/dashboard/monitors";
import { WINDOWS } from "@/lib/dashboard/windows";
import { strings as t } from "@/lib/i18n/en";
import { formatUptimePercent } from "@/lib/uptime/uptime";
import { fmtMs, fmtWhen } from "../_components/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Monitors · Dashboard" };

export default async function DashboardPage() {
  const monitors = await listMonitorOverviews(await getDb());
  return (
    <>
      <h1>Monitors</h1>
      <p className="muted">Uptime and latency percentiles from the rollups; p50/p95/p99 are over the last 24 hours.</p>
      <div className="card table-scroll">
        <table className="data">
          <caption className="visually-hidden">Monitors with status, uptime and latency</caption>
          <thead>
            <tr>
              <th scope="col">Monitor</th>
              <th scope="col">Status</th>
              {WINDOWS.map((w) => (
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
                <td>
                  <span className="status-text" data-status={m.status}>
                    <span className="dot" aria-hidden="true" />
                    {t.status[m.status]}
                  </span>
                  {m.lastMessage && m.status !== "operational" ? <div className="muted">{m.lastMessage}</div> : null}
                </td>
                {WINDOWS.map((w) => (
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
    </>
  );
}
