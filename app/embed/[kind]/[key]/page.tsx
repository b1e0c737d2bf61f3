import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { strings as t } from "@/lib/i18n/en";
import { PALETTE, paletteCssVariables } from "@/lib/public/palette";
import { parseEmbedRequest, widgetData, type EmbedTheme } from "@/lib/public/widgets";
import s from "./embed.module.css";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ kind: string; key: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The request's options, read once per render (metadata and page share it). */
const load = cache(async (kind: string, key: string, query: string) => {
  const parsed = parseEmbedRequest({ kind, key }, new URLSearchParams(query));
  if (!parsed.ok) return parsed;
  const { request } = parsed;
  // The bars span the window of the uptime figure, as on the PNG card.
  const data = await widgetData(await getDb(), request.kind, request.key, request.window, Date.now(), { barsOver: "window" });
  return { ok: true as const, request, data };
});

async function read({ params, searchParams }: Props) {
  const [{ kind, key }, search] = await Promise.all([params, searchParams]);
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) if (typeof value === "string") query.set(name, value);
  return load(kind, key, query.toString());
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const loaded = await read(props);
  const title = loaded.ok && loaded.data ? t.widgets.embedTitle(loaded.data.name, loaded.data.pageName) : undefined;
  return { ...(title ? { title } : {}), robots: { index: false, follow: false } };
}

/**
 * /embed/{monitor|component}/<key>?theme=light|dark|auto&layout=compact|full&window=…
 * The status widget for an iframe (inserted by /embed.js): no site chrome, no JavaScript needed
 * (the script sandboxes it without scripts). Unknown and private subjects are the same 404.
 */
export default async function EmbedPage(props: Props) {
  const loaded = await read(props);
  if (!loaded.ok) {
    if (loaded.status === 404) notFound();
    return (
      <div className={s.error} data-theme="auto" role="alert">
        <ThemeStyle theme="auto" />
        {loaded.message}
      </div>
    );
  }
  const { request, data } = loaded;
  if (!data) notFound();
  const full = request.layout === "full";
  // A partial outage is an outage; maintenance is the link blue (lib/public/palette.ts statusColor).
  const statusColour = { color: data.status === "partial_outage" ? "var(--status-down)" : data.status === "maintenance" ? "var(--link)" : `var(--status-${data.status})` };
  return (
    <div className={`${s.widget} ${full ? s.full : ""}`} data-theme={request.theme} data-layout={request.layout} data-status={data.status} data-testid="embed">
      <ThemeStyle theme={request.theme} />
      <span className={s.name}>
        <span className={s.dot} style={{ background: statusColour.color }} aria-hidden="true" />
        {full ? (
          data.name
        ) : (
          <a href="/" target="_top" rel="noopener">
            {data.name}
          </a>
        )}
      </span>
      <span className={s.status} style={statusColour} data-testid="embed-status">
        {data.statusText}
      </span>
      <span className={s.uptime} data-testid="embed-uptime">
        {data.uptime}
      </span>
      <span className={s.caption}>{data.uptimeCaption}</span>
      {full ? (
        <>
          <div className={s.bars} role="img" aria-label={data.daysLabel}>
            {data.days.map((d) => (
              <span key={d.dayStart} data-worst={d.worst} title={d.title} />
            ))}
          </div>
          <div className={s.legend}>
            <span aria-hidden="true">{data.barsFrom}</span>
            <a href="/" target="_top" rel="noopener">
              {t.widgets.statusPageLink(data.pageName)}
            </a>
            <span aria-hidden="true">{data.barsTo}</span>
          </div>
        </>
      ) : null}
    </div>
  );
}

/**
 * The palette for the chosen theme, and a transparent page behind the rounded widget. The
 * root's color-scheme matches the one /embed.js gives the frame, so the browser paints no
 * backdrop of its own behind it.
 */
function ThemeStyle({ theme }: { theme: EmbedTheme }) {
  const light = paletteCssVariables(PALETTE.light);
  const dark = paletteCssVariables(PALETTE.dark);
  const css =
    theme === "auto"
      ? `:root{color-scheme:light dark}[data-theme]{${light}}@media (prefers-color-scheme: dark){[data-theme]{${dark}}}`
      : `:root{color-scheme:${theme}}[data-theme]{${theme === "dark" ? dark : light}}`;
  return <style>{`html,body{background:transparent}${css}`}</style>;
}
