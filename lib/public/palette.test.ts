import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PALETTE, paletteCssVariables, type Palette } from "./palette";

/** The custom properties of the first `:root { … }` block in `css`. */
function rootVariables(css: string): Record<string, string> {
  const block = /:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? "";
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

/** The palette under the page's own variable names. */
function asPageVariables(p: Palette): Record<string, string> {
  return {
    bg: p.bg,
    surface: p.surface,
    border: p.border,
    text: p.text,
    muted: p.muted,
    link: p.link,
    focus: p.focus,
    ok: p.status.operational,
    warn: p.status.degraded,
    down: p.status.down,
    nodata: p.status.no_data,
    "ok-bar": p.bar.up,
    "warn-bar": p.bar.degraded,
    "partial-bar": p.bar.partial,
    "down-bar": p.bar.major,
    "maint-bar": p.bar.maintenance,
    "nodata-bar": p.bar.no_data,
  };
}

describe("palette", () => {
  const css = readFileSync(new URL("../../app/globals.css", import.meta.url), "utf8");

  it("holds the public page's colours, light and dark", () => {
    const light = rootVariables(css);
    const dark = rootVariables(css.slice(css.indexOf("@media (prefers-color-scheme: dark)")));
    for (const [theme, vars] of [
      ["light", light],
      ["dark", dark],
    ] as const) {
      const expected = asPageVariables(PALETTE[theme]);
      expect(Object.fromEntries(Object.keys(expected).map((k) => [k, vars[k]]))).toEqual(expected);
    }
  });

  it("writes CSS custom properties", () => {
    const vars = paletteCssVariables(PALETTE.light);
    expect(vars).toContain("--surface:#ffffff;");
    expect(vars).toContain("--status-no_data:#5f6670;");
    expect(vars).toContain("--bar-maintenance:#3b82c4");
    expect(vars.split(";")).toHaveLength(7 + 5 + 7);
  });
});
