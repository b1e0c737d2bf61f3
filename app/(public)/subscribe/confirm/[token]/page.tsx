import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { readPageSettings } from "@/lib/settings/page";
import { confirm, type Subscription } from "@/lib/subscriptions/manage";
import { selectionText } from "@/lib/subscriptions/messages";
import styles from "../../subscribe.module.css";

export const dynamic = "force-dynamic";
// The token is in the URL: no referrer leaves this page, and it is not indexed.
export const metadata: Metadata = { title: "Confirm subscription", robots: { index: false }, referrer: "no-referrer" };

/**
 * The link in the confirmation email. Opening it confirms (the standard for double opt-in: the
 * click proves the inbox is the subscriber's). A webhook subscription lands here right after
 * subscribing and is activated the same way, with its signing secret shown this once.
 */
export default async function ConfirmPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = await getDb();
  const [outcome, page] = await Promise.all([confirm(db, token), readPageSettings(db)]);
  return (
    <div className={`container ${styles.page}`}>
      <header className="site">
        <div>
          <h1>{outcome.status === "confirmed" || outcome.status === "already_confirmed" ? "You are subscribed" : "Confirm subscription"}</h1>
          <p>Updates on {page.name}</p>
        </div>
        <a className={styles.back} href="/">← {page.name}</a>
      </header>
      <main id="main">
        {outcome.status === "confirmed" || outcome.status === "already_confirmed" ? (
          <>
            <div className={styles.notice} data-tone="ok" role="status" data-testid="confirm-state" data-state={outcome.status}>
              <p>{outcome.status === "confirmed" ? "Thanks, your subscription is confirmed." : "This subscription was already confirmed."}</p>
              <Summary s={outcome.subscription} />
            </div>
            {outcome.status === "confirmed" && outcome.webhookSecret ? (
              <section className={`card ${styles.card}`} aria-labelledby="secret-heading">
                <h2 id="secret-heading">Your signing secret</h2>
                <p>Copy it now: it is shown only this once.</p>
                <code className={styles.secret} data-testid="webhook-secret">{outcome.webhookSecret}</code>
                <p className="muted">
                  Each delivery carries <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> headers: verify them
                  with any Standard Webhooks library and this secret.
                </p>
              </section>
            ) : null}
            <p>
              <a href={`/subscribe/manage/${encodeURIComponent(token)}`} data-testid="manage-link">Manage your subscription</a> to choose components or
              unsubscribe.
            </p>
          </>
        ) : (
          <div className={styles.notice} data-tone="error" role="alert" data-testid="confirm-state" data-state={outcome.status}>
            <p>
              {outcome.status === "expired"
                ? "This confirmation link has expired (links work for 7 days)."
                : outcome.status === "unsubscribed"
                  ? "This subscription was cancelled."
                  : "This confirmation link is not valid. Use the link from the email as it was sent."}
            </p>
            <p>
              <a href="/subscribe">Subscribe again</a>
            </p>
          </div>
        )}
      </main>
    </div>
  );
}

function Summary({ s }: { s: Subscription }) {
  return (
    <p>
      {s.kind === "email" ? "Emails to " : "Webhooks to "}
      <span className={styles.address}>{s.address}</span>, for {selectionText(s.allComponents, s.components.map((c) => c.name))}.
    </p>
  );
}
