import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { readPageSettings } from "@/lib/settings/page";
import { getByToken, subscriptionErrorMessage } from "@/lib/subscriptions/manage";
import styles from "../../subscribe/subscribe.module.css";
import { unsubscribeAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false }, referrer: "no-referrer" };

/**
 * The unsubscribe link from every email. Opening it changes nothing (mail scanners open links);
 * the button does, without a sign-in. Mail clients use the one-click POST instead (RFC 8058).
 */
export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = await getDb();
  const [subscription, page] = await Promise.all([getByToken(db, token), readPageSettings(db)]);
  return (
    <div className={`container ${styles.page}`}>
      <header className="site">
        <div>
          <h1>Unsubscribe</h1>
          <p>Updates on {page.name}</p>
        </div>
        <a className={styles.back} href="/">← {page.name}</a>
      </header>
      <main id="main">
        {!subscription ? (
          <div className={styles.notice} data-tone="error" role="alert">
            <p>{subscriptionErrorMessage("not_found")}</p>
          </div>
        ) : subscription.unsubscribedAt !== null ? (
          <div className={styles.notice} data-tone="ok" role="status" data-testid="unsubscribe-state" data-state="unsubscribed">
            <p>
              <strong>You are unsubscribed.</strong> Nothing more is sent to <span className={styles.address}>{subscription.address}</span>.
            </p>
            <p>
              Changed your mind? <a href="/subscribe">Subscribe again</a>.
            </p>
          </div>
        ) : (
          <section className={`card ${styles.card}`} data-testid="unsubscribe-state" data-state="subscribed">
            <p style={{ marginTop: 0 }}>
              Stop all updates from {page.name} to <span className={styles.address}>{subscription.address}</span>?
            </p>
            <form action={unsubscribeAction} className={styles.actions}>
              <input type="hidden" name="token" value={token} />
              <button type="submit" className={styles.danger}>Unsubscribe</button>
              <a href={`/subscribe/manage/${encodeURIComponent(token)}`}>Choose components instead</a>
            </form>
          </section>
        )}
      </main>
    </div>
  );
}
