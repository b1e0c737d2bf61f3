import { getDb } from "@/lib/db/client";
import { listChannelViews } from "@/lib/notify/channels";
import { deliveryLog } from "@/lib/notify/outbox";
import { fmtWhen } from "../../_components/format";
import { requireUser } from "../../_lib/session";

export const dynamic = "force-dynamic";
export const metadata = { title: "Notifications · Dashboard" };

const STATUS_LOOK = { delivered: "operational", pending: "degraded", dead: "down" } as const;

export default async function NotificationsPage() {
  await requireUser();
  const db = await getDb();
  const [channels, log] = await Promise.all([listChannelViews(db), deliveryLog(db, 100)]);
  return (
    <>
      <h1>Notifications</h1>
      <h2>Channels</h2>
      <p className="muted">From status.config.yaml (channels and escalation). Secrets are stored encrypted and shown masked.</p>
      {channels.length === 0 ? (
        <p>No channels are configured: alerts are shown here and on the dashboard only.</p>
      ) : (
        <div className="card table-scroll">
          <table className="data">
            <caption className="visually-hidden">Notification channels</caption>
            <thead>
              <tr><th scope="col">Channel</th><th scope="col">Type</th><th scope="col">Settings</th><th scope="col">Used by</th></tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.key} data-testid="channel-row">
                  <th scope="row">{c.name}{c.name !== c.key ? <div className="muted">{c.key}</div> : null}</th>
                  <td>{c.type}</td>
                  <td style={{ whiteSpace: "normal", minWidth: "16rem" }}>
                    {Object.entries(c.settings).map(([k, v]) => (
                      <div key={k}><span className="muted">{k}:</span> <code>{v}</code></div>
                    ))}
                  </td>
                  <td style={{ whiteSpace: "normal", minWidth: "14rem" }}>{c.usedBy.join("; ") || "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Delivery log</h2>
      <p className="muted">Every message goes through the outbox: retried with exponential backoff, dead after the last attempt.</p>
      <div className="card table-scroll">
        <table className="data">
          <caption className="visually-hidden">Deliveries, newest first, with each attempt</caption>
          <thead>
            <tr><th scope="col">Message</th><th scope="col">Channel</th><th scope="col">State</th><th scope="col">Attempts</th></tr>
          </thead>
          <tbody>
            {log.map((d) => (
              <tr key={d.id} data-testid="delivery-row" data-status={d.status}>
                <th scope="row" style={{ whiteSpace: "normal", minWidth: "10rem" }}>
                  {d.title}
                  <div className="muted">queued {fmtWhen(d.createdAt)}</div>
                </th>
                <td>{d.channel} <span className="muted">({d.channelType})</span></td>
                <td style={{ whiteSpace: "normal", minWidth: "14rem" }}>
                  <span className="status-text" data-status={STATUS_LOOK[d.status]}>
                    <span className="dot" aria-hidden="true" />
                    {d.status === "delivered" ? `delivered ${fmtWhen(d.deliveredAt)}` : d.status === "dead" ? "dead" : `next try ${fmtWhen(d.nextAttemptAt)}`}
                  </span>
                  {d.lastError ? <div className="muted" style={{ whiteSpace: "normal" }}>{d.lastError}</div> : null}
                </td>
                {/* Wide enough to read on a phone: the table scrolls sideways instead of growing tall. */}
                <td style={{ whiteSpace: "normal", minWidth: "22rem" }}>
                  {d.log.length === 0
                    ? "–"
                    : d.log.map((a) => (
                        <div key={a.attempt}>
                          #{a.attempt} {fmtWhen(a.at)} · {a.ok ? "ok" : "failed"} · {a.latencyMs} ms · {a.detail}
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
