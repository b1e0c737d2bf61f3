import type { SparkHour } from "@/lib/dashboard/overview";
import { fmtMs } from "./format";

const BAR_W = 4;
const GAP = 1;
const H = 28;

/**
 * The last 24 hours as bars, server-rendered SVG: height is the hour's p95 (relative to the
 * highest hour), red where some checks failed, a grey stub where nothing was checked. The
 * label says the same in words.
 */
export function Sparkline({ hours }: { hours: SparkHour[] }) {
  const max = Math.max(0, ...hours.map((h) => h.p95Ms ?? 0));
  const failing = hours.filter((h) => h.down > 0).length;
  const answered = hours.filter((h) => h.p95Ms !== null);
  const label = answered.length
    ? `p95 per hour, last 24 hours: ${fmtMs(Math.min(...answered.map((h) => h.p95Ms!)))} to ${fmtMs(max)}; ${failing ? `failures in ${failing} ${failing === 1 ? "hour" : "hours"}` : "no failures"}`
    : "No checks in the last 24 hours";
  // One path per kind of bar (not a rect per hour): the page carries 50 of these.
  const d = { u: "", f: "", n: "" };
  hours.forEach((h, i) => {
    const height = h.p95Ms === null || max === 0 ? 2 : Math.max(2, Math.round((h.p95Ms / max) * (H - 2)));
    const kind = h.total === 0 ? "n" : h.down > 0 ? "f" : "u";
    d[kind] += `M${i * (BAR_W + GAP)} ${H}v-${height}h${BAR_W}v${height}z`;
  });
  return (
    <svg className="spark" viewBox={`0 0 ${hours.length * (BAR_W + GAP)} ${H}`} preserveAspectRatio="none" role="img" aria-label={label}>
      {d.u ? <path className="u" d={d.u} /> : null}
      {d.f ? <path className="f" d={d.f} /> : null}
      {d.n ? <path className="n" d={d.n} /> : null}
    </svg>
  );
}
