import { getDb } from "@/lib/db/client";
import { strings as t } from "@/lib/i18n/en";
import { cache } from "react";
import { loadStatusPage, UPTIME_BAR_DAYS, type PublicComponent } from "@/lib/public/status-page";
import { ATOM_FEED_PATH, feedStrings, RSS_FEED_PATH } from "@/lib/public/feeds";
import { Incidents } from "./_components/incidents";
import { formatUptimePercent } from "@/lib/uptime/uptime";
import type { Metadata } from "next";

export const dynamic = "force-dynamic";

/** Once per request: the metadata and the page share one load. */
const load = cache(async () => loadStatusPage(await getDb()));

export async function generateMetadata(): Promise<Metadata> {
  const data = await load();
  return {
    title: data.page.name,
    description: data.page.description ?? `${data.page.name}: live status and uptime`,
    alternates: {
      types: {
        "application/rss+xml": [{ url: RSS_FEED_PATH, title: feedStrings.linkTitle(data.page.name, "RSS") }],
        "application/atom+xml": [{ url: ATOM_FEED_PATH, title: feedStrings.linkTitle(data.page.name, "Atom") }],
      },
    },
  };
}

const fmtDate = (ms: number) => new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const fmtTime = (ms: number) =>
  new Date(ms).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });

export default async function StatusPage() {
  const data = await load();
  const incidents = data.incidents;
  return (
    <>
      <a className="skip-link" href="#main">{t.page.skipToContent}</a>
      <div className="container">
        <header className="site">
          <div>
            <h1>{data.page.name}</h1>
            {data.page.description ? <p>{data.page.description}</p> : null}
          </div>
          <a className="button" href="/subscribe" data-testid="subscribe-link" style={{ textDecoration: "none" }}>Subscribe to updates</a>
        </header>
        <main id="main">
          <section className="card banner" data-status={data.overall.status} aria-live="polite" data-testid="overall">
            <span>
              {data.overall.headline}
              <small>{t.page.updated(fmtTime(data.generatedAt))}</small>
            </span>
          </section>
          <Incidents data={incidents} />
          {data.groups.map((g) => (
            <section className="group" key={g.id ?? "ungrouped"} aria-labelledby={g.id ? `group-${g.id}` : undefined}>
              {g.name ? <h2 id={`group-${g.id}`}>{g.name}</h2> : null}
              <div className="card">
                {g.components.map((c) => (
                  <ComponentRow key={c.id} c={c} />
                ))}
              </div>
            </section>
          ))}
        </main>
        <footer className="site">
          <span>{t.page.poweredBy}</span>
          <span data-testid="feeds">
            {feedStrings.subscribe}: <a href={RSS_FEED_PATH}>RSS</a> · <a href={ATOM_FEED_PATH}>Atom</a>
          </span>
        </footer>
      </div>
    </>
  );
}

function ComponentRow({ c }: { c: PublicComponent }) {
  const uptime = formatUptimePercent(c.uptimeRatio);
  return (
    <article className="component" data-testid="component" data-component={c.name} data-status={c.status}>
      <div className="component-head">
        <h3>{c.name}</h3>
        <span className="status-text" data-status={c.status} data-testid="component-status">
          <span className="dot" aria-hidden="true" />
          {t.status[c.status]}
        </span>
      </div>
      {c.description ? <p className="component-desc">{c.description}</p> : null}
      {c.since && c.status !== "operational" ? <p className="component-desc">{t.page.since(fmtTime(c.since))}</p> : null}
      <div className="bars" role="img" aria-label={t.page.uptimeBarLabel(c.name, UPTIME_BAR_DAYS, uptime)}>
        {c.days.map((d) => (
          <span
            key={d.dayStart}
            data-worst={d.worst}
            title={t.page.dayTitle(fmtDate(d.dayStart), d.ratio === null ? t.page.noData : formatUptimePercent(d.ratio))}
          />
        ))}
      </div>
      <div className="bar-legend" aria-hidden="true">
        <span>
          <span className="legend-long">{t.page.daysAgo(UPTIME_BAR_DAYS)}</span>
          <span className="legend-short">{t.page.daysAgo(30)}</span>
        </span>
        <span>{t.page.uptimeOver(uptime)}</span>
        <span>{t.page.today}</span>
      </div>
      {c.latencyMs ? <Sparkline name={c.name} values={c.latencyMs} /> : null}
    </article>
  );
}

/** A server-rendered SVG line of hourly mean latency; gaps where an hour has no data. */
function Sparkline({ name, values }: { name: string; values: (number | null)[] }) {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return null;
  const avg = present.reduce((a, b) => a + b, 0) / present.length;
  const label = (
    <span className="sparkline-label">
      {t.page.responseTime}: {Math.round(avg)} ms
    </span>
  );
  // A line needs two hours of data; until then, the average alone.
  if (present.length < 2) return <div>{label}</div>;
  const max = Math.max(...present) * 1.15 || 1;
  const w = 240;
  const h = 36;
  const step = w / (values.length - 1);
  const segments: string[] = [];
  const dots: [number, number][] = [];

  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length > 1) segments.push(current.join(" "));
      current = [];
      return;
    }
    const x = i * step;
    const y = h - (v / max) * (h - 4) - 2;
    current.push(`${x.toFixed(1)},${y.toFixed(1)}`);
    // An hour with no data on either side has no line to be part of: draw it as a dot.
    if (values[i - 1] == null && values[i + 1] == null) dots.push([x, y]);
  });
  if (current.length > 1) segments.push(current.join(" "));
  return (
    <div>
      <svg className="sparkline" viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" role="img" aria-label={t.page.sparklineLabel(name, `${Math.round(avg)} ms`)}>
        {segments.map((pts, i) => (
          <polyline key={i} points={pts} fill="none" stroke="currentColor" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
        ))}
        {dots.map(([x, y]) => (
          <line key={x} x1={x} y1={y} x2={x} y2={y} stroke="currentColor" strokeWidth="4" strokeLinecap="round" vectorEffect="non-scaling-stroke" />
        ))}
      </svg>
      {label}
    </div>
  );
}
