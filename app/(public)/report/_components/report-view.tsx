import { strings } from "@/lib/i18n/en";
import { CONDITIONS } from "@/lib/db/schema/state-time";
import { formatHoursMinutes, monthLabel as monthName, reportPath, type MonthlyReport } from "@/lib/public/report";
import { formatUptimePercent } from "@/lib/uptime/uptime";
import { PrintButton } from "./print-button";
import s from "../report.module.css";

const t = strings.report;

const fmtDay = (ms: number) => new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const fmtDate = (ms: number) => new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const fmtDateTime = (ms: number) =>
  new Date(ms).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });
const fmtLatency = (ms: number | null) => (ms === null ? t.none : ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);
const fmtWeight = (w: number) => String(Math.round(w * 1000) / 1000);

/**
 * The monthly report, for the screen and for paper: the same markup, with a print stylesheet
 * (report.module.css, print.css) that drops navigation and backgrounds but keeps the bars' colours.
 */
export function ReportView({ report: r, pdfHref }: { report: MonthlyReport; pdfHref: string }) {
  const uptime = formatUptimePercent(r.uptimeRatio);
  const isPage = r.scope === "page";
  const firstDay = r.days[0].dayStart;
  const lastDay = r.days[r.days.length - 1].dayStart;
  return (
    <>
      <a className={`skip-link ${s.noPrint}`} href="#main">
        {strings.page.skipToContent}
      </a>
      <div className={`container ${s.report}`} data-testid="report" data-scope={r.scope}>
        <header className={s.header}>
          <nav aria-label={t.heading} className={`${s.topNav} ${s.noPrint}`}>
            <a href="/">{t.backToStatus}</a>
            {isPage ? null : <a href={reportPath(r.range.month)}>{t.wholePage}</a>}
          </nav>
          <p className={s.eyebrow}>{isPage ? t.heading : `${t.heading} · ${r.pageName}`}</p>
          <h1>{r.name}</h1>
          <p className={s.period} data-testid="report-period">
            {r.range.current ? t.monthSoFar(r.monthLabel, fmtDateTime(r.generatedAt)) : t.wholeMonth(r.monthLabel)}
          </p>
          <div className={`${s.actions} ${s.noPrint}`}>
            <a className="button" href={pdfHref} data-testid="report-pdf-link">
              {t.downloadPdf}
            </a>
            <PrintButton label={t.print} className={`secondary ${s.printButton}`} />
          </div>
        </header>

        <nav aria-label={t.monthNav} className={`${s.monthNav} ${s.noPrint}`}>
          <a href={reportPath(r.previousMonth, r.key)} rel="prev" aria-label={t.previousMonthLabel(monthName(r.previousMonth))}>
            {t.previousMonth(monthName(r.previousMonth))}
          </a>
          {r.nextMonth ? (
            <a href={reportPath(r.nextMonth, r.key)} rel="next" aria-label={t.nextMonthLabel(monthName(r.nextMonth))}>
              {t.nextMonth(monthName(r.nextMonth))}
            </a>
          ) : null}
        </nav>

        <main id="main">
          <section aria-labelledby="report-summary" className={s.section}>
            <h2 id="report-summary" className="visually-hidden">
              {t.summaryHeading}
            </h2>
            <dl className={s.kpis}>
              <Kpi label={t.uptime} value={uptime} testId="report-uptime" />
              <Kpi label={t.downtime} value={formatHoursMinutes(r.downtimeMs)} testId="report-downtime" />
              <Kpi label={t.incidents} value={String(r.incidentCount)} testId="report-incidents" />
              <Kpi label={t.mttr} value={r.mttrMs === null ? t.none : formatHoursMinutes(r.mttrMs)} testId="report-mttr" />
              <Kpi label={t.p50} value={fmtLatency(r.latency.p50Ms)} testId="report-p50" />
              <Kpi label={t.p95} value={fmtLatency(r.latency.p95Ms)} testId="report-p95" />
            </dl>
          </section>

          <section aria-labelledby="report-days" className={s.section}>
            <h2 id="report-days">{t.daysHeading}</h2>
            <div className={`card ${s.panel}`}>
              <div className={s.bars} role="img" aria-label={t.daysLabel(r.name, r.monthLabel, uptime)} data-testid="report-bars">
                {r.days.map((d) => (
                  <span
                    key={d.dayStart}
                    data-worst={d.future ? undefined : d.worst}
                    data-future={d.future ? "true" : undefined}
                    title={t.dayTitle(fmtDate(d.dayStart), d.future ? t.futureDay : d.ratio === null ? strings.page.noData : formatUptimePercent(d.ratio))}
                  />
                ))}
              </div>
              <div className={s.axis} aria-hidden="true">
                <span>{fmtDay(firstDay)}</span>
                <span>{fmtDay(lastDay)}</span>
              </div>
              <ul className={s.legend} aria-label={t.legendLabel}>
                {CONDITIONS.map((c) => (
                  <li key={c}>
                    <span className={s.swatch} data-worst={c} aria-hidden="true" />
                    {t.legend[c]}
                  </li>
                ))}
              </ul>
            </div>
          </section>

          {isPage ? (
            <section aria-labelledby="report-components" className={s.section}>
              <h2 id="report-components">{t.componentsHeading}</h2>
              <div className={`card table-scroll ${s.tableCard}`}>
                <table className={`data ${s.table}`} data-testid="report-components">
                  <caption>{t.componentsCaption(r.monthLabel)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t.component}</th>
                      <th scope="col" className="num">
                        {t.uptime}
                      </th>
                      <th scope="col" className="num">
                        {t.downtime}
                      </th>
                      <th scope="col" className="num">
                        {t.incidents}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.components.map((c) => (
                      <tr key={c.id} data-component={c.key}>
                        <th scope="row" className={s.nameCell}>
                          <a href={reportPath(r.range.month, c.key)}>{c.name}</a>
                          {c.groupName ? <span className={s.group}>{c.groupName}</span> : null}
                        </th>
                        <td className="num">{formatUptimePercent(c.uptimeRatio)}</td>
                        <td className="num">{formatHoursMinutes(c.downtimeMs)}</td>
                        <td className="num">{c.incidentCount}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}

          <section aria-labelledby="report-incidents" className={s.section}>
            <h2 id="report-incidents">{t.incidentsHeading}</h2>
            {r.incidents.length === 0 ? (
              <p className={`card ${s.empty}`} data-testid="report-no-incidents">
                {t.noIncidents}
              </p>
            ) : (
              <div className={`card table-scroll ${s.tableCard}`}>
                <table className={`data ${s.table}`} data-testid="report-incident-table">
                  <caption>{t.incidentsCaption(r.monthLabel)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t.incident}</th>
                      <th scope="col" className={s.wideOnly}>
                        {t.impact}
                      </th>
                      <th scope="col" className={s.wideOnly}>
                        {t.started}
                      </th>
                      <th scope="col" className="num">
                        {t.durationColumn}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.incidents.map((i) => (
                      <tr key={i.id} data-testid="report-incident">
                        <th scope="row" className={s.titleCell}>
                          <a href={i.href}>{i.title}</a>
                          {i.components.length ? <span className={s.affected}>{t.affects(i.components.join(", "))}</span> : null}
                          {/* On a phone the impact and start move here, under the title, and their columns go. */}
                          <span className={`${s.affected} ${s.narrowOnly}`}>
                            {t.impactAndStart(strings.incidents.impact[i.impact], fmtDateTime(i.startedAt))}
                          </span>
                        </th>
                        <td className={s.wideOnly}>
                          <span className={s.impact} data-impact={i.impact}>
                            {strings.incidents.impact[i.impact]}
                          </span>
                        </td>
                        <td className={s.wideOnly}>
                          <time dateTime={new Date(i.startedAt).toISOString()}>{fmtDateTime(i.startedAt)}</time>
                        </td>
                        <td className="num">{i.durationMs === null ? t.ongoing : formatHoursMinutes(i.durationMs)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <p className={s.note}>{t.formulaNote(fmtWeight(r.formula.partialOutageWeight), fmtWeight(r.formula.degradedWeight))}</p>
        </main>

        <footer className="site">
          <span>{r.pageName}</span>
          <span>{t.generated(fmtDateTime(r.generatedAt))}</span>
        </footer>
      </div>
    </>
  );
}

function Kpi({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className={`card ${s.kpi}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
