import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { strings as t } from "@/lib/i18n/en";
import { HISTORY_PATH, incidentPath, publicIncidentDetail } from "@/lib/public/history";
import { readPageSettings } from "@/lib/settings/page";
import { ImpactBadge, PublicShell, Timeline, When } from "../../_components/incident-view";
import s from "./incident.module.css";

export const dynamic = "force-dynamic";

type Params = { id: string };

/** Once per request: the metadata and the page share one load. Ids are plain positive integers. */
const load = cache(async (id: string) => (/^[1-9]\d{0,15}$/.test(id) ? publicIncidentDetail(await getDb(), Number(id)) : null));

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const incident = await load((await params).id);
  return incident && "title" in incident ? { title: incident.title } : {};
}

/** The permalink of an incident or maintenance (/incidents/<id>): feeds, the Statuspage API and emails link here. */
export default async function IncidentPage({ params }: { params: Promise<Params> }) {
  const { id } = await params;
  const [incident, page] = await Promise.all([load(id), getDb().then(readPageSettings)]);
  if (!incident) notFound();
  // An automatic incident merged into one the team wrote: its timeline lives there now.
  if ("redirectTo" in incident) permanentRedirect(incidentPath(incident.redirectTo));

  const maintenance = incident.kind === "maintenance";
  return (
    <PublicShell pageName={page.name} footerLead={<a href={HISTORY_PATH}>{t.history.link}</a>}>
      <article className={`card incident ${s.incident}`} data-impact={maintenance ? "maintenance" : incident.impact} aria-labelledby="incident-title" data-testid="incident-detail">
        <h1 id="incident-title" className={s.title}>
          {incident.title}
        </h1>
        <p className={s.badges}>
          <ImpactBadge kind={incident.kind} impact={incident.impact} />
          <span className={s.status} data-testid="incident-status">
            {t.incidents.status[incident.status]}
          </span>
        </p>
        <dl className={s.facts}>
          {incident.window ? (
            <div>
              <dt>{t.history.window}</dt>
              <dd>
                <When ms={incident.window.from} /> – <When ms={incident.window.until} />
              </dd>
            </div>
          ) : (
            <div>
              <dt>{t.history.started}</dt>
              <dd>
                <When ms={incident.startedAt} />
              </dd>
            </div>
          )}
          {incident.resolvedAt !== null ? (
            <div>
              <dt>{maintenance ? t.history.completed : t.history.resolved}</dt>
              <dd>
                <When ms={incident.resolvedAt} />
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t.history.duration}</dt>
            <dd>{incident.durationMs === null ? t.history.ongoing : t.history.durationText(incident.durationMs)}</dd>
          </div>
        </dl>
        <section className={s.part} aria-labelledby="affected-h">
          <h2 id="affected-h">{maintenance ? t.incidents.underMaintenance : t.history.affectedHeading}</h2>
          {incident.components.length ? (
            <ul className={s.components} data-testid="affected-components">
              {incident.components.map((c) => (
                <li key={c.id}>
                  <span className={s.componentName}>{c.name}</span>
                  {maintenance ? null : <span className={s.componentImpact}>{t.incidents.componentImpact[c.impact]}</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p className={s.none}>{t.history.noComponents}</p>
          )}
        </section>
        {incident.postmortem ? (
          <section className={s.part} aria-labelledby="postmortem-h" data-testid="postmortem">
            <h2 id="postmortem-h">Postmortem</h2>
            <p className={s.none}>
              Published <When ms={incident.postmortem.publishedAt} />
              {incident.postmortem.updatedAt > incident.postmortem.publishedAt ? (
                <>
                  , updated <When ms={incident.postmortem.updatedAt} />
                </>
              ) : null}
            </p>
            {/* Sanitized in lib/incidents/markdown, as the timeline. */}
            <div className="inc-body" dangerouslySetInnerHTML={{ __html: incident.postmortem.html }} />
          </section>
        ) : null}
        <section className={s.part} aria-labelledby="updates-h">
          <h2 id="updates-h">{t.history.updatesHeading}</h2>
          <Timeline updates={incident.updates} />
        </section>
      </article>
    </PublicShell>
  );
}
