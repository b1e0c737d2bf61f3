import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { readPageSettings } from "@/lib/settings/page";
import { getByToken, subscribableComponents, subscriptionErrorMessage } from "@/lib/subscriptions/manage";
import { selectionText } from "@/lib/subscriptions/messages";
import { unsubscribeAction } from "../../../unsubscribe/[token]/actions";
import { ComponentPicker } from "../../_components/component-picker";
import styles from "../../subscribe.module.css";
import { updateComponentsAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Manage subscription", robots: { index: false }, referrer: "no-referrer" };

/** The manage link from every email: change components or unsubscribe, without a sign-in. */
export default async function ManagePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ saved?: string; error?: string }> }) {
  const { token } = await params;
  const search = await searchParams;
  const db = await getDb();
  const [subscription, components, page] = await Promise.all([getByToken(db, token), subscribableComponents(db), readPageSettings(db)]);
  const error = search.error === "components" ? subscriptionErrorMessage("components") : null;
  return (
    <div className={`container ${styles.page}`}>
      <header className="site">
        <div>
          <h1>Manage subscription</h1>
          <p>Updates on {page.name}</p>
        </div>
        <a className={styles.back} href="/">← {page.name}</a>
      </header>
      <main id="main">
        {!subscription ? (
          <div className={styles.notice} data-tone="error" role="alert">
            <p>{subscriptionErrorMessage("not_found")}</p>
            <p>
              <a href="/subscribe">Subscribe</a>
            </p>
          </div>
        ) : subscription.unsubscribedAt !== null ? (
          <div className={styles.notice} data-tone="info" role="status" data-testid="manage-state">
            <p>
              <span className={styles.address}>{subscription.address}</span> is unsubscribed: nothing more is sent to it.
            </p>
            <p>
              <a href="/subscribe">Subscribe again</a>
            </p>
          </div>
        ) : (
          <>
            {search.saved ? (
              <div className={styles.notice} data-tone="ok" role="status" data-testid="manage-saved">
                <p>Saved. You now receive updates for {selectionText(subscription.allComponents, subscription.components.map((c) => c.name))}.</p>
              </div>
            ) : null}
            {error ? (
              <div className={styles.notice} data-tone="error" role="alert">
                <p>{error}</p>
              </div>
            ) : null}
            <p className={styles.lead}>
              {subscription.kind === "email" ? "Emails to " : "Webhooks to "}
              <span className={styles.address}>{subscription.address}</span>
              {subscription.confirmedAt === null && subscription.kind === "email" ? " (not confirmed yet: open the link in the confirmation email)" : ""}.
            </p>
            <section className={`card ${styles.card}`} aria-labelledby="components-heading">
              <h2 id="components-heading">Components</h2>
              <form className={styles.form} action={updateComponentsAction}>
                <input type="hidden" name="token" value={token} />
                <ComponentPicker components={components} all={subscription.allComponents} chosen={new Set(subscription.components.map((c) => c.id))} />
                <div className={styles.actions}>
                  <button type="submit">Save</button>
                </div>
              </form>
            </section>
            <section className={`card ${styles.card}`} aria-labelledby="unsubscribe-heading">
              <h2 id="unsubscribe-heading">Unsubscribe</h2>
              <form action={unsubscribeAction} className={styles.actions}>
                <input type="hidden" name="token" value={token} />
                <p className="muted" style={{ margin: 0, flex: "1 1 16rem" }}>Stop all updates to this {subscription.kind === "email" ? "address" : "URL"}.</p>
                <button type="submit" className={styles.danger}>Unsubscribe</button>
              </form>
            </section>
          </>
        )}
      </main>
    </div>
  );
}
