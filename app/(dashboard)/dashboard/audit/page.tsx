import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { listAudit } from "@/lib/audit/log";
import { auditDiff } from "@/lib/audit/diff";
import { fmtWhen } from "../../_components/format";
import { requireUser } from "../../_lib/session";
import s from "./audit.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit log · Dashboard" };

const PAGE_SIZE = 50;
const SOURCE_LABELS = { ui: "dashboard", api: "API", config: "config file", system: "automatic", cli: "shell" } as const;

type Search = Promise<{ before?: string | string[] }>;

/** Every change to the team's data, newest first, a page at a time (id cursor), with what changed. */
export default async function AuditPage({ searchParams }: { searchParams: Search }) {
  await requireUser();
  const q = await searchParams;
  const cursor = typeof q.before === "string" && /^\d{1,15}$/.test(q.before) ? Number(q.before) : undefined;
  const { entries, next } = await listAudit(await getDb(), { limit: PAGE_SIZE, before: cursor });
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Who changed what and when, from the dashboard, the API and the config file. Secrets are never recorded.</p>
      {entries.length === 0 ? (
        <p className="muted">{cursor ? "No older entries." : "Nothing changed yet."}</p>
      ) : (
        <div className="card table-scroll">
          <table className="data cards-on-phone" aria-label="Audit log, newest first">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => {
                const changes = auditDiff(e.before, e.after);
                return (
                  <tr key={e.id} data-testid="audit-entry" data-action={e.action}>
                    <td data-label="When">
                      <time dateTime={new Date(e.at).toISOString()}>{fmtWhen(e.at)}</time>
                    </td>
                    <td className="text" data-label="Who">
                      {e.actor} <span className="muted">({SOURCE_LABELS[e.source]})</span>
                    </td>
                    <td className="text" data-label="What">
                      <code>{e.action}</code>
                      {e.entityId ? (
                        <span className="muted">
                          {" "}
                          {e.entity} {e.entityId}
                        </span>
                      ) : null}
                    </td>
                    <td className="text" data-label="Changes">
                      {changes.length === 0 ? (
                        <span className="muted">–</span>
                      ) : (
                        <details>
                          <summary>
                            {changes.length} field{changes.length === 1 ? "" : "s"}: {changes.map((c) => c.field).join(", ")}
                          </summary>
                          <table className={s.diff}>
                            <thead>
                              <tr>
                                <th scope="col">Field</th>
                                <th scope="col">Before</th>
                                <th scope="col">After</th>
                              </tr>
                            </thead>
                            <tbody>
                              {changes.map((c) => (
                                <tr key={c.field}>
                                  <th scope="row">{c.field}</th>
                                  <td className={s.before}>{c.before ?? <span className="muted">–</span>}</td>
                                  <td className={s.after}>{c.after ?? <span className="muted">–</span>}</td>
                                </tr>
                              ))}
                            </tbody>
                          </table>
                        </details>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <nav className={s.pager} aria-label="Audit log pages">
        {cursor ? <Link href="/dashboard/audit">Newest</Link> : null}
        {next ? (
          <Link href={`/dashboard/audit?before=${next}`} rel="next">
            Older entries →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
