import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { strings as t } from "@/lib/i18n/en";
import { ATOM_FEED_PATH, feedStrings, RSS_FEED_PATH } from "@/lib/public/feeds";
import { historyHref, historyMonthFromQuery, incidentHistory, incidentPath, type HistoryIncident, type HistoryMonth } from "@/lib/public/history";
import { readPageSettings } from "@/lib/settings/page";
import { affectedText, ImpactBadge, PublicShell, When } from "../_components/incident-view";
import s from "./history.module.css";

export const dynamic = "force-dynamic";

type Search = { page?: string | string[]; before?: string | string[] };

export async function generateMetadata(): Promise<Metadata> {
  const page = await readPageSettings(await getDb());
  return {
    title: t.history.pageTitle(page.name),
    alternates: {
      types: {
        "application/rss+xml": [{ url: RSS_FEED_PATH, title: feedStrings.linkTitle(page.name, "RSS") }],
        "application/atom+xml": [{ url: ATOM_FEED_PATH, title: feedStrings.linkTitle(page.name, "Atom") }],
      },
    },
  };
}

const monthLabel = (m: HistoryMonth) => t.history.month(m.year, m.month);

/** Incidents and maintenance by month, three months a page (?page=N or ?before=YYYY-MM), newest first. */
export default async function HistoryPage({ searchParams }: { searchParams: Promise<Search> }) {
  const now = Date.now();
  const db = await getDb();
  const month = historyMonthFromQuery(await searchParams, now);
  const [page, history] = await Promise.all([readPageSettings(db), incidentHistory(db, { month, now })]);
  const first = history.months[0];
  const last = history.months[history.months.length - 1];
  return (
    <PublicShell pageName={page.name} footerLead={<span>{page.name}</span>}>
      <h1 className={s.title}>{t.history.heading}</h1>
      <p className={s.intro}>
        {monthLabel(last)} – {monthLabel(first)}. {t.history.intro}
      </p>
      {history.months.map((m) => (
        <section key={m.key} className={s.month} aria-labelledby={`month-${m.key}`} data-testid="history-month" data-month={m.key}>
          <h2 id={`month-${m.key}`}>{monthLabel(m)}</h2>
          {m.incidents.length === 0 ? (
            <p className={`card ${s.empty}`}>{t.history.noIncidents}</p>
          ) : (
            <ol className={s.list}>
              {m.incidents.map((i) => (
                <HistoryEntry key={i.id} i={i} />
              ))}
            </ol>
          )}
        </section>
      ))}
      {history.newer || history.older ? (
        <nav className={s.pager} aria-label={t.history.pagesLabel} data-testid="history-pager">
          {history.newer ? (
            <a href={historyHref(history.newer, now)} rel="prev">
              <span aria-hidden="true">← </span>
              {t.history.newer}
            </a>
          ) : (
            <span />
          )}
          {history.older ? (
            <a href={historyHref(history.older, now)} rel="next">
              {t.history.older}
              <span aria-hidden="true"> →</span>
            </a>
          ) : null}
        </nav>
      ) : null}
    </PublicShell>
  );
}

function HistoryEntry({ i }: { i: HistoryIncident }) {
  return (
    <li className={`card incident ${s.entry}`} data-impact={i.kind === "maintenance" ? "maintenance" : i.impact} data-testid="history-incident">
      <div className={s.head}>
        <h3>
          <a href={incidentPath(i.id)}>{i.title}</a>
        </h3>
        <ImpactBadge kind={i.kind} impact={i.impact} />
      </div>
      {i.lastUpdate ? (
        <div className={s.latest}>
          <p className="inc-entry-head">
            <strong>{t.incidents.status[i.lastUpdate.status]}</strong> <When ms={i.lastUpdate.createdAt} />
          </p>
          {/* Sanitized in lib/incidents/markdown (markdown-it without HTML, then an allow-list). */}
          <div className="inc-body" dangerouslySetInnerHTML={{ __html: i.lastUpdate.html }} />
        </div>
      ) : null}
      <p className={s.meta}>
        {i.window ? (
          <>
            <When ms={i.window.from} /> – <When ms={i.window.until} />
          </>
        ) : (
          <>
            <When ms={i.startedAt} />
            {i.resolvedAt !== null ? (
              <>
                {" – "}
                <When ms={i.resolvedAt} />
              </>
            ) : null}
          </>
        )}
        {" · "}
        {i.durationMs === null ? t.history.ongoing : t.history.lasted(t.history.durationText(i.durationMs))}
      </p>
      {i.components.length ? (
        <p className="inc-affected">
          {i.kind === "maintenance" ? t.incidents.underMaintenance : t.incidents.affected}: {affectedText(i.kind, i.components)}
        </p>
      ) : null}
    </li>
  );
}
