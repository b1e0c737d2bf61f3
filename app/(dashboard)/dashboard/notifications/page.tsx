import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { can } from "@/lib/auth/roles";
import { configFilePath } from "@/lib/config/load";
import { formatDurationMs } from "@/lib/config/units";
import { listChannelViews } from "@/lib/notify/channels";
import { listPolicyViews } from "@/lib/notify/policies";
import { deliveryLog } from "@/lib/notify/outbox";
import type { FormState } from "@/lib/http/form-state";
import { ActionForm } from "../../_components/action-form";
import { fmtWhen } from "../../_components/format";
import { requireUser } from "../../_lib/session";
import { archiveChannelAction, archivePolicyAction, testChannelAction } from "./actions";
import { TestResult } from "./_components/test-result";
import n from "./notifications.module.css";
import s from "../incidents/incidents.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Notifications · Dashboard" };

const STATUS_LOOK = { delivered: "operational", pending: "degraded", dead: "down" } as const;

type Search = Promise<Record<string, string | string[] | undefined>>;

/**
 * Channels, escalation policies and the delivery log. Everyone signed in reads them (secrets
 * masked); editors may send a test message; admins create, edit and archive what the dashboard
 * made (the config file's entries say where they are changed).
 */
export default async function NotificationsPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser();
  const q = await searchParams;
  const db = await getDb();
  const [channels, policies, log] = await Promise.all([listChannelViews(db), listPolicyViews(db), deliveryLog(db, 100)]);
  const mayTest = can(user.role, "edit");
  const mayManage = can(user.role, "admin");
  const managed = (kind: string) => (
    <span className={`muted ${n.managed}`} data-testid="managed-by-config">
      Managed by status.config.yaml: change it in <code>{configFilePath()}</code> (under <code>{kind}:</code>).
    </span>
  );
  return (
    <>
      <h1>Notifications</h1>
      {typeof q.notice === "string" ? <p className={s.notice} role="status">{q.notice}</p> : null}
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <h2>Channels</h2>
      <p className="muted">
        From status.config.yaml (read-only here) or made on this page{mayManage ? "" : " by an admin"}. Secrets are stored encrypted and shown masked.
      </p>
      {mayManage ? (
        <p className={s.actions}>
          <Link className="button" href="/dashboard/notifications/channels/new">New channel</Link>
        </p>
      ) : null}
      {channels.length === 0 ? (
        <p>No channels are configured: alerts are shown here and on the dashboard only.</p>
      ) : (
        <div className="card table-scroll">
          <table className="data">
            <caption className="visually-hidden">Notification channels</caption>
            <thead>
              <tr><th scope="col">Channel</th><th scope="col">Type</th><th scope="col">Settings</th><th scope="col">Used by</th>{mayTest ? <th scope="col">Actions</th> : null}</tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.key} data-testid="channel-row" data-key={c.key}>
                  <th scope="row">{c.name}{c.name !== c.key ? <div className="muted">{c.key}</div> : null}</th>
                  <td>{c.type}</td>
                  <td style={{ whiteSpace: "normal", minWidth: "16rem" }}>
                    {Object.entries(c.settings).map(([k, v]) => (
                      <div key={k}><span className="muted">{k}:</span> <code>{v}</code></div>
                    ))}
                  </td>
                  <td style={{ whiteSpace: "normal", minWidth: "14rem" }}>{c.usedBy.join("; ") || "–"}</td>
                  {mayTest ? (
                    <td style={{ whiteSpace: "normal", minWidth: "16rem" }}>
                      <div className={n.rowActions}>
                        <ActionForm action={testChannelAction}>
                          <input type="hidden" name="key" value={c.key} />
                          <button type="submit" className={n.small} aria-label={`Send test message to ${c.name}`}>Send test message</button>
                          <TestResult />
                        </ActionForm>
                        {!mayManage ? null : c.origin === "config" ? (
                          managed("channels")
                        ) : (
                          <EditArchive kind="channels" entry={c} archive={archiveChannelAction} />
                        )}
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Escalation policies</h2>
      <p className="muted">Who is told when a monitor goes down, step by step, until someone acknowledges. A monitor without a policy follows the one keyed &quot;default&quot;.</p>
      {mayManage ? (
        <p className={s.actions}>
          <Link className="button" href="/dashboard/notifications/policies/new">New escalation policy</Link>
        </p>
      ) : null}
      {policies.length === 0 ? (
        <p>No escalation policies: alerts tell no channel.</p>
      ) : (
        <div className="card table-scroll">
          <table className="data">
            <caption className="visually-hidden">Escalation policies</caption>
            <thead>
              <tr><th scope="col">Policy</th><th scope="col">Steps</th><th scope="col">Reminders</th><th scope="col">Monitors</th>{mayManage ? <th scope="col">Actions</th> : null}</tr>
            </thead>
            <tbody>
              {policies.map((p) => (
                <tr key={p.key} data-testid="policy-row" data-key={p.key}>
                  <th scope="row">{p.name}{p.name !== p.key ? <div className="muted">{p.key}</div> : null}</th>
                  <td style={{ whiteSpace: "normal", minWidth: "14rem" }}>
                    {p.steps.map((step, i) => (
                      <div key={i}>{step.afterMs === 0 ? "At once" : `After ${formatDurationMs(step.afterMs)}`}: {step.channels.join(", ")}</div>
                    ))}
                  </td>
                  <td>{p.repeatEveryMs === null ? "none" : `every ${formatDurationMs(p.repeatEveryMs)}`}</td>
                  <td style={{ whiteSpace: "normal", minWidth: "10rem" }}>{p.monitors.join(", ") || "–"}</td>
                  {mayManage ? (
                    <td style={{ whiteSpace: "normal", minWidth: "12rem" }}>
                      {p.origin === "config" ? (
                        managed("escalation")
                      ) : (
                        <div className={n.rowActions}>
                          <EditArchive kind="policies" entry={p} archive={archivePolicyAction} />
                        </div>
                      )}
                    </td>
                  ) : null}
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

/** An admin's Edit link and Archive button for a row the dashboard owns (an archive refusal shows in place). */
function EditArchive({ kind, entry, archive }: { kind: "channels" | "policies"; entry: { key: string; name: string }; archive: (state: FormState, form: FormData) => Promise<FormState> }) {
  return (
    <>
      <Link className={`button ${n.small}`} href={`/dashboard/notifications/${kind}/${encodeURIComponent(entry.key)}/edit`} aria-label={`Edit ${entry.name}`}>Edit</Link>
      <ActionForm action={archive}>
        <input type="hidden" name="key" value={entry.key} />
        <button type="submit" className={n.small} aria-label={`Archive ${entry.name}`}>Archive</button>
      </ActionForm>
    </>
  );
}
