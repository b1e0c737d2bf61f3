import type { Reliability } from "@/lib/incidents/reliability";
import { fmtDuration } from "./format";
import s from "../dashboard/incidents/incidents.module.css";

/** MTTR, MTBF, failures and time down (lib/incidents/reliability.ts says how each is counted). */
export function ReliabilityBlock({ r }: { r: Reliability }) {
  const items: [string, string, string][] = [
    ["Failures", String(r.failures), "moves into down"],
    ["MTTR", r.mttrMs === null ? "–" : fmtDuration(r.mttrMs), "mean time to repair"],
    ["MTBF", r.mtbfMs === null ? "–" : fmtDuration(r.mtbfMs), "mean time between failures"],
    ["Down", fmtDuration(r.downMs), "time down in the range"],
  ];
  return (
    <dl className={s.figures} data-testid="reliability-figures">
      {items.map(([term, value, hint]) => (
        <div key={term} className="card">
          <dt>
            <abbr title={hint}>{term}</abbr>
          </dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
