import { strings as t } from "@/lib/i18n/en";
import type { PublicIncident, PublicIncidentUpdate, PublicMaintenance } from "@/lib/public/incidents";

/** "26 Nov 2026, 14:00 UTC": the page states every time in UTC. */
const fmtUtc = (ms: number) =>
  new Date(ms).toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC";

function When({ ms }: { ms: number }) {
  return <time dateTime={new Date(ms).toISOString()}>{fmtUtc(ms)}</time>;
}

/** Open incidents with their timelines, then maintenance in progress or ahead; nothing when all is quiet. */
export function Incidents({ data }: { data: { active: PublicIncident[]; maintenance: PublicMaintenance[] } }) {
  if (data.active.length === 0 && data.maintenance.length === 0) return null;
  return (
    <>
      {data.active.length ? (
        <section className="inc-section" aria-labelledby="incidents-h" data-testid="incidents">
          <h2 id="incidents-h">{t.incidents.currentHeading}</h2>
          {data.active.map((i) => (
            <article key={i.id} className="card incident" data-impact={i.impact} data-testid="incident" aria-labelledby={`incident-${i.id}`}>
              <h3 id={`incident-${i.id}`}>{i.title}</h3>
              {i.components.length ? (
                <p className="inc-affected">
                  {t.incidents.affected}: {i.components.map((c) => `${c.name} (${t.incidents.componentImpact[c.impact].toLowerCase()})`).join(", ")}
                </p>
              ) : null}
              <Timeline updates={i.updates} />
            </article>
          ))}
        </section>
      ) : null}
      {data.maintenance.length ? (
        <section className="inc-section" aria-labelledby="maintenance-h" data-testid="maintenance">
          <h2 id="maintenance-h">{t.incidents.maintenanceHeading}</h2>
          {data.maintenance.map((m) => (
            <article key={m.id} className="card incident" data-impact="maintenance" data-testid="maintenance-item" aria-labelledby={`maintenance-${m.id}`}>
              <div className="inc-head">
                <h3 id={`maintenance-${m.id}`}>{m.title}</h3>
                <span className="inc-state" data-in-progress={m.inProgress}>
                  {m.inProgress ? t.incidents.status.in_progress : t.incidents.upcoming}
                </span>
              </div>
              <p className="inc-window">
                <When ms={m.scheduledFor} /> – <When ms={m.scheduledUntil} />
              </p>
              {m.components.length ? (
                <p className="inc-affected">
                  {t.incidents.underMaintenance}: {m.components.map((c) => c.name).join(", ")}
                </p>
              ) : null}
              <Timeline updates={m.updates} />
            </article>
          ))}
        </section>
      ) : null}
    </>
  );
}

function Timeline({ updates }: { updates: PublicIncidentUpdate[] }) {
  return (
    <ol className="inc-timeline">
      {updates.map((u) => (
        <li key={u.id}>
          <p className="inc-entry-head">
            <strong>{t.incidents.status[u.status]}</strong> <When ms={u.createdAt} />
          </p>
          {/* Sanitized in lib/public/incidents (markdown-it without HTML, then an allow-list). */}
          <div className="inc-body" dangerouslySetInnerHTML={{ __html: u.html }} />
        </li>
      ))}
    </ol>
  );
}
