import Link from "next/link";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { SUBSCRIBER_KINDS } from "@/lib/db/schema/subscribers";
import { listSubscribers, MAX_SUBSCRIBER_SEARCH_LENGTH, subscriberCounts, subscriberFilterFromQuery, SUBSCRIBER_STATES, type SubscriberState } from "@/lib/subscriptions/admin";
import { ActionForm, Checkbox } from "../../_components/action-form";
import { fmtWhen } from "../../_components/format";
import { requireUser } from "../../_lib/session";
import { removeSubscriberAction } from "./actions";
import s from "./subscribers.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Subscribers · Dashboard" };

const PAGE_SIZE = 50;
const STATE_LABELS: Record<SubscriberState, string> = { confirmed: "Confirmed", unconfirmed: "Not confirmed yet", unsubscribed: "Unsubscribed" };
const STATE_LOOK: Record<SubscriberState, string> = { confirmed: "operational", unconfirmed: "degraded", unsubscribed: "no_data" };
const KIND_LABELS = { email: "Email", webhook: "Webhook" } as const;

type Search = Promise<Record<string, string | string[] | undefined>>;

/** A link to this page or its export with the filter kept (and the page cursor when given). */
function href(path: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const text = q.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Who subscribed to updates. Addresses are personal data: editors and admins list, search,
 * export and remove them; a viewer sees only how many there are in each state.
 */
export default async function SubscribersPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser();
  const q = await searchParams;
  const db = await getDb();
  const counts = await subscriberCounts(db);
  const mayManage = can(user.role, "edit");
  const notice = typeof q.notice === "string" ? q.notice : undefined;
  const error = typeof q.error === "string" ? q.error : undefined;

  const summary = (
    <dl className="kpis" aria-label="Subscribers by state and kind">
      {[
        ["All", counts.total, "count-total"],
        ...SUBSCRIBER_STATES.map((st) => [STATE_LABELS[st], counts[st], `count-${st}`]),
        ...SUBSCRIBER_KINDS.map((k) => [KIND_LABELS[k], counts.byKind[k], `count-${k}`]),
      ].map(([label, n, id]) => (
        <div className="card" key={id}>
          <dt>{label}</dt>
          <dd data-testid={id}>{n}</dd>
        </div>
      ))}
    </dl>
  );

  if (!mayManage) {
    return (
      <>
        <h1>Subscribers</h1>
        {summary}
        <p className="muted" data-testid="addresses-hidden">
          Subscriber addresses are personal data: editors and admins see, export and remove them.
        </p>
      </>
    );
  }

  const filter = subscriberFilterFromQuery((name) => q[name]);
  const { items, next } = await listSubscribers(db, { ...filter, limit: PAGE_SIZE });
  const kept = { q: filter.search, kind: filter.kind, state: filter.state };
  const filtered = Boolean(filter.search || filter.kind || filter.state);
  return (
    <>
      <h1>Subscribers</h1>
      {notice ? <p className={s.notice} role="status">{notice}</p> : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
      {summary}
      <form method="get" className={`card ${s.filters}`} role="search" aria-label="Filter subscribers">
        <label className={s.search}>
          Address contains
          <input type="search" name="q" defaultValue={filter.search ?? ""} maxLength={MAX_SUBSCRIBER_SEARCH_LENGTH} autoComplete="off" />
        </label>
        <label>
          Kind
          <select name="kind" defaultValue={filter.kind ?? ""}>
            <option value="">Any</option>
            {SUBSCRIBER_KINDS.map((k) => (
              <option key={k} value={k}>{KIND_LABELS[k]}</option>
            ))}
          </select>
        </label>
        <label>
          State
          <select name="state" defaultValue={filter.state ?? ""}>
            <option value="">Any</option>
            {SUBSCRIBER_STATES.map((st) => (
              <option key={st} value={st}>{STATE_LABELS[st]}</option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>
        {filtered ? <Link href="/dashboard/subscribers">Clear</Link> : null}
      </form>
      <p className={s.exports}>
        <span className="muted">Export {filtered ? "these" : "all"} subscribers (recorded in the audit log):</span>
        <a className="button" href={href("/dashboard/subscribers/export", { ...kept, format: "csv" })} download>
          CSV
        </a>
        <a className="button" href={href("/dashboard/subscribers/export", { ...kept, format: "json" })} download>
          JSON
        </a>
      </p>
      {items.length === 0 ? (
        <p className="muted" data-testid="no-subscribers">{filtered || filter.beforeId ? "No subscribers match." : "No one has subscribed yet."}</p>
      ) : (
        <div className="card table-scroll">
          <table className="data cards-on-phone" aria-label="Subscribers, newest first">
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Kind</th>
                <th scope="col">State</th>
                <th scope="col">Components</th>
                <th scope="col">Subscribed</th>
                <th scope="col">Remove</th>
              </tr>
            </thead>
            <tbody>
              {items.map((sub) => (
                <tr key={sub.id} data-testid="subscriber-row">
                  <td className={s.address} data-label="Address">{sub.address}</td>
                  <td data-label="Kind">{KIND_LABELS[sub.kind]}</td>
                  <td data-label="State">
                    <span className="status-text" data-status={STATE_LOOK[sub.state]}>
                      <span className="dot" aria-hidden="true" />
                      {STATE_LABELS[sub.state]}
                    </span>
                  </td>
                  <td className={s.wrap} data-label="Components">{sub.allComponents ? "All" : sub.componentNames.join(", ") || "None left"}</td>
                  <td data-label="Subscribed">{fmtWhen(sub.createdAt)}</td>
                  <td data-label="Remove">
                    <ActionForm action={removeSubscriberAction} className={s.remove}>
                      <input type="hidden" name="id" value={sub.id} />
                      <label>
                        <Checkbox name="confirm" aria-label={`Confirm removing ${sub.address}`} />
                        Sure
                      </label>
                      <button type="submit" className="secondary" aria-label={`Remove ${sub.address}`}>
                        Remove
                      </button>
                    </ActionForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className={s.pager} aria-label="Pages">
        {filter.beforeId ? <Link href={href("/dashboard/subscribers", kept)}>Newest</Link> : <span />}
        {next !== null ? <Link href={href("/dashboard/subscribers", { ...kept, before: next })}>Older</Link> : null}
      </nav>
    </>
  );
}
