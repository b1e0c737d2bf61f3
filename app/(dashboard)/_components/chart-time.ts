/** Axis ticks and tooltip labels for a chart spanning `spanMs` in buckets of `bucketMs` (UTC, like the rest of the dashboard). */
export function chartTimeFormat(spanMs: number, bucketMs: number) {
  const day = 86_400_000;
  const fmt = (opts: Intl.DateTimeFormatOptions) => (ms: number) => new Date(ms).toLocaleString("en-GB", { ...opts, timeZone: "UTC" });
  const time = fmt({ hour: "2-digit", minute: "2-digit" });
  const date = fmt({ day: "numeric", month: "short" });
  const dateTime = fmt({ day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  return {
    tick: bucketMs >= day ? date : spanMs > day ? dateTime : time,
    label: (ms: number) => (bucketMs >= day ? `${date(ms)} (UTC day)` : `${dateTime(ms)} UTC`),
  };
}
