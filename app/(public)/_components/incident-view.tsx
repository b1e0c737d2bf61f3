import type { ReactNode } from "react";
import { strings as t } from "@/lib/i18n/en";
import { ATOM_FEED_PATH, feedStrings, RSS_FEED_PATH } from "@/lib/public/feeds";
import type { ComponentImpact, IncidentImpact, IncidentKind } from "@/lib/db/schema/incidents";
import type { PublicIncidentUpdate } from "@/lib/public/incidents";
import s from "./incident-view.module.css";

/*
 * Pieces of the incident history and incident pages. The card and timeline look is the public
 * page's (the .incident and .inc-* classes of app/globals.css), so an incident reads the same
 * everywhere.
 */

/** "26 Nov 2026, 14:00 UTC": these pages state every time in UTC, script or not. */
const fmtUtc = (ms: number) =>
  new Date(ms).toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC";

export function When({ ms }: { ms: number }) {
  return (
    <time dateTime={new Date(ms).toISOString()} data-local="" suppressHydrationWarning>
      {fmtUtc(ms)}
    </time>
  );
}

/** The impact in words, coloured; maintenance has its own. */
export function ImpactBadge({ kind, impact }: { kind: IncidentKind; impact: IncidentImpact }) {
  const level = kind === "maintenance" ? "maintenance" : impact;
  return (
    <span className={s.badge} data-level={level} data-testid="impact-badge">
      {kind === "maintenance" ? t.history.maintenanceBadge : t.history.impactBadge[impact]}
    </span>
  );
}

/** "API (partial outage), Website (degraded performance)"; maintenance names the components alone. */
export function affectedText(kind: IncidentKind, components: { name: string; impact: ComponentImpact }[]): string {
  return components.map((c) => (kind === "maintenance" ? c.name : `${c.name} (${t.incidents.componentImpact[c.impact].toLowerCase()})`)).join(", ");
}

export function Timeline({ updates }: { updates: PublicIncidentUpdate[] }) {
  return (
    <ol className="inc-timeline" data-testid="timeline">
      {updates.map((u) => (
        <li key={u.id} data-testid="timeline-entry">
          <p className="inc-entry-head">
            <strong>{t.incidents.status[u.status]}</strong> <When ms={u.createdAt} />
          </p>
          {/* Sanitized in lib/incidents/markdown (markdown-it without HTML, then an allow-list). */}
          <div className="inc-body" dangerouslySetInnerHTML={{ __html: u.html }} />
        </li>
      ))}
    </ol>
  );
}

/**
 * The frame of these pages: a skip link to <main id="main">, the way back to the status page
 * with whose page this is, and a footer with `footerLead` and the feeds.
 */
export function PublicShell({ pageName, footerLead, children }: { pageName: string; footerLead: ReactNode; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        {t.page.skipToContent}
      </a>
      <div className="container">
        <header className={s.top}>
          <a className={s.back} href="/" data-testid="back-link">
            <span aria-hidden="true">← </span>
            {t.history.backToStatus}
          </a>
          <span className={s.siteName}>{pageName}</span>
        </header>
        <main id="main">{children}</main>
        <footer className="site">
          {footerLead}
          <span>
            {feedStrings.subscribe}: <a href={RSS_FEED_PATH}>RSS</a> · <a href={ATOM_FEED_PATH}>Atom</a>
          </span>
        </footer>
      </div>
    </>
  );
}
