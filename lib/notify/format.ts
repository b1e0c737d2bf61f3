/**
 * Wording every channel shares, so that an alert reads the same in an inbox, a chat and a text
 * message: the event label, the severity colour, the time, and which link matters most.
 */
import type { NotificationMessage } from "./types";

type Link = NotificationMessage["links"][number];

/** "DOWN", "RESOLVED", …: the word in front of every title ("[DOWN] API is down"). */
export function eventLabel(message: Pick<NotificationMessage, "event" | "severity">): string {
  switch (message.event) {
    case "alert":
      return message.severity === "warning" ? "WARNING" : message.severity === "info" ? "INFO" : "DOWN";
    case "reminder":
      return "REMINDER";
    case "recovery":
      return "RESOLVED";
    case "maintenance_started":
      return "MAINTENANCE";
    case "maintenance_completed":
      return "MAINTENANCE OVER";
    case "test":
      return "TEST";
  }
}

/** One colour per severity, used by every channel that has colour (email accent, Discord embed). */
export const SEVERITY_COLORS: Record<NotificationMessage["severity"], string> = {
  critical: "#d93025",
  warning: "#e37400",
  info: "#1a73e8",
  resolved: "#188038",
};

/**
 * How long something has lasted, never rounded up past what happened: "less than 1 s", "45 s"
 * under a minute, then whole minutes ("1 min", "119 min") and hours ("2 h", "2 h 5 min").
 */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return "less than 1 s";
  if (ms < 60_000) return `${Math.floor(ms / 1_000)} s`;
  const m = Math.round(ms / 60_000);
  if (m < 120) return `${m} min`;
  return m % 60 === 0 ? `${m / 60} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** How long ago: "just now" under a second (a clock a little ahead counts as now), else "45 s ago", "3 min ago". */
export function formatAgo(ms: number): string {
  return ms < 1_000 ? "just now" : `${formatDuration(ms)} ago`;
}

/** "2024-05-01 10:02 UTC": every channel shows times in UTC, because the team is in many zones. */
export function formatUtc(at: number): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "10:02 UTC", for the places where a date does not fit (SMS). */
export function formatUtcTime(at: number): string {
  return new Date(at).toISOString().slice(11, 16) + " UTC";
}

/** The acknowledge link first (it is what a woken person needs), then the others in their order. */
export function orderedLinks(links: readonly Link[]): Link[] {
  return [...links.filter((l) => l.kind === "acknowledge"), ...links.filter((l) => l.kind !== "acknowledge")];
}

export function linkOfKind(message: Pick<NotificationMessage, "links">, kind: NonNullable<Link["kind"]>): Link | undefined {
  return message.links.find((l) => l.kind === kind);
}

/** Only absolute http(s) URLs become clickable anywhere; anything else is shown as text at most. */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** Line breaks and runs of spaces folded into one space: for subjects, headers and titles. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Cut to at most `max` characters (code points, so no emoji is split), ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join("") + "…";
}
