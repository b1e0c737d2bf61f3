import Link from "next/link";
import { can } from "@/lib/auth/roles";
import { configFilePath } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { listComponentGroups, listComponents, type ComponentView } from "@/lib/dashboard/components";
import { requireUser } from "../../_lib/session";
import { first } from "../incidents/_components/fields";
import s from "../incidents/incidents.module.css";
import css from "./components.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Components · Dashboard" };

type Search = Promise<{ notice?: string | string[] }>;

/** Groups and their components as the public page orders them; editors get the links to change the dashboard's own. */
export default async function ComponentsPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser();
  const editor = can(user.role, "edit");
  const db = await getDb();
  const [groups, all] = await Promise.all([listComponentGroups(db), listComponents(db)]);
  const notice = first((await searchParams).notice);
  const loose = all.filter((c) => c.group === null || !groups.some((g) => g.key === c.group));
  return (
    <>
      <h1>Components</h1>
      {notice ? <p className={s.notice} role="status">{notice}</p> : null}
      <p className="muted">
        What customers see on the status page, in this order. Entries marked &ldquo;managed by config&rdquo; are declared in <code>{configFilePath()}</code> and change there.
      </p>
      {editor ? (
        <div className={s.actions}>
          <Link className="button" href="/dashboard/components/new">
            New component
          </Link>
          <Link className={s.secondaryLink} href="/dashboard/component-groups/new">
            New group
          </Link>
        </div>
      ) : null}
      {groups.map((g) => (
        <section key={g.key} aria-labelledby={`g-${g.key}`} data-testid={`group-${g.key}`}>
          <div className={css.groupHead}>
            <h2 id={`g-${g.key}`}>{g.name}</h2>
            <code className="muted">{g.key}</code>
            <Origin origin={g.origin} />
            {editor && g.origin === "ui" ? (
              <Link href={`/dashboard/component-groups/${encodeURIComponent(g.key)}/edit`} aria-label={`Edit group ${g.name}`}>
                Edit
              </Link>
            ) : null}
          </div>
          <ComponentTable id={`g-${g.key}`} rows={all.filter((c) => c.group === g.key)} editor={editor} />
        </section>
      ))}
      {loose.length || groups.length === 0 ? (
        <section aria-labelledby="g-none">
          <div className={css.groupHead}>
            <h2 id="g-none">{groups.length ? "Not in a group" : "All components"}</h2>
          </div>
          <ComponentTable id="g-none" rows={loose} editor={editor} />
        </section>
      ) : null}
    </>
  );
}

function Origin({ origin }: { origin: string }) {
  return origin === "config" ? <span className={s.badge}>managed by config</span> : <span className={s.badge} data-tone="live">dashboard</span>;
}

function ComponentTable({ id, rows, editor }: { id: string; rows: ComponentView[]; editor: boolean }) {
  if (rows.length === 0) return <p className={`card ${s.empty}`}>No components.</p>;
  return (
    <div className="card table-scroll">
      <table className="data cards-on-phone" aria-labelledby={id}>
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Shown</th>
            <th scope="col">Monitors</th>
            <th scope="col">Origin</th>
            {editor ? <th scope="col"><span className="visually-hidden">Change</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.key} data-testid={`component-${c.key}`}>
              <th scope="row" className={s.titleCell}>
                {c.name} <code className="muted">{c.key}</code>
                {c.description ? <div className={s.hint}>{c.description}</div> : null}
              </th>
              <td data-label="Shown">{c.isPublic ? "Public" : "Private"}</td>
              <td data-label="Monitors" className="text">
                {c.monitors.length === 0 ? (
                  <span className="muted">None</span>
                ) : (
                  c.monitors.map((m, i) => (
                    <span key={m}>
                      {i ? ", " : null}
                      <Link href={`/dashboard/monitors/${encodeURIComponent(m)}`}>{m}</Link>
                    </span>
                  ))
                )}
              </td>
              <td data-label="Origin">
                <Origin origin={c.origin} />
              </td>
              {editor ? (
                <td>
                  {c.origin === "ui" ? (
                    <Link href={`/dashboard/components/${encodeURIComponent(c.key)}/edit`} aria-label={`Edit ${c.name}`}>
                      Edit
                    </Link>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
