"use client";
import { useSyncExternalStore } from "react";

/**
 * A time in the reader's time zone. The server renders it in UTC (also what a reader without
 * JavaScript sees); the browser rewrites it with Intl in its own zone, keeping UTC in the tooltip,
 * with the format the public page's times use (lib/public/render/status-page.ts).
 */
const LOCAL: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
const UTC = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

const noSubscription = () => () => {};

export function LocalTime({ ms }: { ms: number }) {
  const utc = `${UTC.format(ms)} UTC`;
  const local = useSyncExternalStore(
    noSubscription,
    () => new Intl.DateTimeFormat(undefined, LOCAL).format(ms),
    () => null,
  );
  return (
    <time dateTime={new Date(ms).toISOString()} title={local ? utc : undefined}>
      {local ?? utc}
    </time>
  );
}

/** The browser's IANA time zone; null while rendering on the server. */
export function useBrowserTimeZone(): string | null {
  return useSyncExternalStore(
    noSubscription,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => null,
  );
}
