import { getDb } from "@/lib/db/client";
import { getAlert } from "@/lib/alerts/store";
import { readAckToken } from "@/lib/notify/links";
import { acknowledgeFromLinkAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Acknowledge alert", robots: { index: false } };

const fmt = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC";

/**
 * The acknowledge link from an alert. Opening it only shows the alert: acknowledging takes a
 * click (a POST), so link previews in chat and mail scanners cannot stop a cascade by fetching it.
 */
export default async function AckPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ done?: string }> }) {
  const { token } = await params;
  const { done } = await searchParams;
  const check = readAckToken(token);
  const alert = check.ok ? await getAlert(await getDb(), check.alertId) : null;
  return (
    <main className="container" id="main">
      <h1>Acknowledge alert</h1>
      {!check.ok ? (
        <p className="error" role="alert">{check.message}</p>
      ) : !alert ? (
        <p className="error" role="alert">This alert no longer exists.</p>
      ) : (
        <>
          <p>
            <strong data-testid="ack-title">{alert.title}</strong>
          </p>
          <p className="muted">Opened {fmt(alert.openedAt)}. {alert.reason}</p>
          {alert.resolvedAt !== null ? (
            <p role="status" data-testid="ack-state">Already resolved at {fmt(alert.resolvedAt)}: nothing to acknowledge.</p>
          ) : alert.acknowledgedAt !== null ? (
            <p role="status" data-testid="ack-state">
              {done ? "Acknowledged. " : ""}Acknowledged by {alert.acknowledgedBy} at {fmt(alert.acknowledgedAt)}; the cascade has stopped.
            </p>
          ) : (
            <form action={acknowledgeFromLinkAction} className="stack">
              <input type="hidden" name="token" value={token} />
              <label>
                Your name (shown to the team)
                <input type="text" name="by" maxLength={100} autoComplete="name" />
              </label>
              <button type="submit">Acknowledge and stop the cascade</button>
            </form>
          )}
        </>
      )}
    </main>
  );
}
