import Link from "next/link";
import type { AlertRow } from "@/lib/alerts/store";
import { acknowledgeAlertAction } from "../_lib/alert-actions";
import { fmtWhen } from "./format";

/** Open alerts first (with an acknowledge button for those who may), then recently resolved ones. */
export function AlertsTable({ alerts, canAcknowledge }: { alerts: AlertRow[]; canAcknowledge: boolean }) {
  if (alerts.length === 0) return <p className="muted">No alerts yet.</p>;
  return (
    <div className="card table-scroll">
      <table className="data cards-on-phone">
        <caption className="visually-hidden">Alerts, open first</caption>
        <thead>
          <tr>
            <th scope="col">Alert</th>
            <th scope="col">Opened</th>
            <th scope="col">State</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id} data-testid="alert-row" data-kind={a.kind} data-open={a.resolvedAt === null ? "true" : "false"}>
              <th scope="row">
                {a.monitorKey ? <Link href={`/dashboard/monitors/${encodeURIComponent(a.monitorKey)}`}>{a.title}</Link> : a.title}
              </th>
              <td data-label="Opened">{fmtWhen(a.openedAt)}</td>
              <td data-label="State">
                {a.resolvedAt !== null ? (
                  <span className="status-text" data-status="operational"><span className="dot" aria-hidden="true" />Resolved {fmtWhen(a.resolvedAt)}</span>
                ) : a.acknowledgedAt !== null ? (
                  <span className="status-text" data-status="degraded"><span className="dot" aria-hidden="true" />Acknowledged by {a.acknowledgedBy}</span>
                ) : !canAcknowledge ? (
                  <span className="status-text" data-status="down"><span className="dot" aria-hidden="true" />Open</span>
                ) : (
                  <form action={acknowledgeAlertAction}>
                    <span className="status-text" data-status="down"><span className="dot" aria-hidden="true" />Open </span>
                    <input type="hidden" name="alertId" value={a.id} />
                    <button type="submit" aria-label={`Acknowledge: ${a.title}`}>Acknowledge</button>
                  </form>
                )}
              </td>
              <td className="text" data-label="Evidence">{a.resolveReason ?? a.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
