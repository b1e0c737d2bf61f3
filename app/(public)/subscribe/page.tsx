import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { emailConfigured } from "@/lib/notify/email";
import { ATOM_FEED_PATH, RSS_FEED_PATH } from "@/lib/public/feeds";
import { readPageSettings } from "@/lib/settings/page";
import { subscribableComponents, subscriptionErrorMessage, type SubscriptionErrorReason } from "@/lib/subscriptions/manage";
import { ComponentPicker } from "./_components/component-picker";
import styles from "./subscribe.module.css";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const page = await readPageSettings(await getDb());
  return { title: `Subscribe to updates · ${page.name}` };
}

const FORM_ERRORS: readonly SubscriptionErrorReason[] = ["kind", "email", "url", "components", "too_many_from_client", "too_many_for_address", "webhook_exists", "email_unavailable"];

type Search = { sent?: string; error?: string; retry?: string; kind?: string };

/** The subscribe form: posts to /api/subscribe, which redirects back here with ?sent=1 or ?error=… */
export default async function SubscribePage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const db = await getDb();
  const [page, components] = await Promise.all([readPageSettings(db), subscribableComponents(db)]);
  const reason = FORM_ERRORS.find((r) => r === search.error);
  const retryMin = Number(search.retry);
  const error = reason ? subscriptionErrorMessage(reason, { retryAfterMs: Number.isFinite(retryMin) && retryMin > 0 ? Math.min(retryMin, 24 * 60) * 60_000 : undefined }) : null;
  // Without SMTP the page offers webhooks and feeds only (no confirmation could be sent).
  const emailOn = emailConfigured(process.env);
  const webhook = search.kind === "webhook" || !emailOn;
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <div className={`container ${styles.page}`}>
        <header className="site">
          <div>
            <h1>Subscribe to updates</h1>
            <p>Hear about incidents and maintenance on {page.name}.</p>
          </div>
          <a className={styles.back} href="/">← {page.name}</a>
        </header>
        <main id="main">
          {search.sent ? (
            <div className={styles.notice} data-tone="ok" role="status" data-testid="subscribe-sent">
              <p>
                <strong>Check your inbox.</strong> We sent a link to confirm the subscription; nothing else is sent until you open it. No email? Look in
                the spam folder, or try again in a few minutes.
              </p>
            </div>
          ) : null}
          {error ? (
            <div className={styles.notice} data-tone="error" role="alert" data-testid="subscribe-error">
              <p>{error}</p>
            </div>
          ) : null}
          <section className={`card ${styles.card}`} aria-labelledby="subscribe-heading">
            <h2 id="subscribe-heading" className="visually-hidden">Subscription</h2>
            <form className={styles.form} method="post" action="/api/subscribe">
              <fieldset className={styles.fieldset}>
                <legend>How?</legend>
                <label className={styles.choice}>
                  <input type="radio" name="kind" value="email" defaultChecked={!webhook} disabled={!emailOn} aria-describedby={emailOn ? undefined : "email-off"} />
                  <span>
                    By email
                    {emailOn ? (
                      <small>We send a link to confirm first.</small>
                    ) : (
                      <small id="email-off" data-testid="email-unavailable">Not available on this page yet: use a webhook or a feed.</small>
                    )}
                  </span>
                </label>
                <label className={styles.choice}>
                  <input type="radio" name="kind" value="webhook" defaultChecked={webhook} />
                  <span>
                    By webhook
                    <small>A signed JSON POST (Standard Webhooks) to your URL.</small>
                  </span>
                </label>
              </fieldset>
              <label className={`${styles.field} ${styles.emailOnly}`}>
                Email address
                <input type="email" name="email" autoComplete="email" inputMode="email" maxLength={254} placeholder="name@example.com" />
              </label>
              <label className={`${styles.field} ${styles.webhookOnly}`}>
                Webhook URL
                <input type="url" name="url" inputMode="url" maxLength={2000} placeholder="https://example.com/hooks/status" />
                <span className={styles.hint}>An https URL. You get its signing secret on the next page.</span>
              </label>
              <ComponentPicker components={components} all={true} chosen={new Set()} />
              <div className={styles.actions}>
                <button type="submit">Subscribe</button>
                <span className={styles.hint}>Every email has a one-click unsubscribe link.</span>
              </div>
            </form>
          </section>
          <p className="muted">
            Prefer a feed? <a href={RSS_FEED_PATH}>RSS</a> · <a href={ATOM_FEED_PATH}>Atom</a>
          </p>
        </main>
      </div>
    </>
  );
}
