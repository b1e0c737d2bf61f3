/**
 * The public page's colours (app/globals.css) as values, for what cannot read its CSS variables:
 * the PNG card is drawn on the server, and the embed forces a theme whatever the reader's system
 * prefers. palette.test.ts keeps these equal to globals.css.
 */
import type { MonitorStatus } from "../db/schema/monitor-states";
import type { Condition } from "../db/schema/state-time";
import type { ComponentStatus } from "../status/component";

export interface Palette {
  bg: string;
  surface: string;
  border: string;
  text: string;
  muted: string;
  link: string;
  focus: string;
  /** Text and dot colour of a status (--ok, --warn, --down, --nodata): AA on `surface`. */
  status: Record<MonitorStatus, string>;
  /** Fill of a day bar by its worst condition (--ok-bar, …). */
  bar: Record<Condition, string>;
}

export const THEMES = ["light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const PALETTE: Record<Theme, Palette> = {
  light: {
    bg: "#f6f7f9",
    surface: "#ffffff",
    border: "#dde1e6",
    text: "#15181d",
    muted: "#545c66",
    link: "#1d5fd1",
    focus: "#1d5fd1",
    status: { operational: "#18794e", degraded: "#8a5a00", down: "#b42318", no_data: "#5f6670", paused: "#6b4fa3" },
    bar: { up: "#2da56a", degraded: "#e0a31a", partial: "#ea7a2c", major: "#e0483c", maintenance: "#3b82c4", paused: "#a996d6", no_data: "#c9ced5" },
  },
  dark: {
    bg: "#0f1216",
    surface: "#171b21",
    border: "#2b323b",
    text: "#e8eaed",
    muted: "#a3abb5",
    link: "#8ab4ff",
    focus: "#8ab4ff",
    status: { operational: "#4cc38a", degraded: "#f2c14e", down: "#ff7b72", no_data: "#a3abb5", paused: "#b9a4f0" },
    bar: { up: "#2f9e66", degraded: "#c9921a", partial: "#d46d28", major: "#d9443a", maintenance: "#3a78b5", paused: "#5b4c86", no_data: "#3a424c" },
  },
};

/**
 * The palette as CSS custom properties (`--surface:#ffffff;--status-down:#b42318;--bar-up:…`),
 * for a stylesheet that picks a theme by class or by prefers-color-scheme.
 */
export function paletteCssVariables(p: Palette): string {
  const { status, bar, ...plain } = p;
  return [
    ...Object.entries(plain).map(([k, v]) => `--${k}:${v}`),
    ...Object.entries(status).map(([k, v]) => `--status-${k}:${v}`),
    ...Object.entries(bar).map(([k, v]) => `--bar-${k}:${v}`),
  ].join(";");
}

/** The text colour of a component status: a partial outage is an outage, maintenance is the link blue (as on the page). */
export function statusColor(p: Palette, status: ComponentStatus): string {
  if (status === "partial_outage") return p.status.down;
  if (status === "maintenance") return p.link;
  return p.status[status];
}
