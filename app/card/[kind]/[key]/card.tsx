import { ImageResponse } from "next/og";
import type { Db } from "@/lib/db/client";
import { strings as t } from "@/lib/i18n/en";
import { cardText } from "@/lib/public/card-text";
import { PALETTE, statusColor, type Palette, type Theme } from "@/lib/public/palette";
import { parseCardRequest, widgetData, type WidgetData } from "@/lib/public/widgets";

/**
 * Drawn at twice the size it is shown: an email shows it 600 × 200 (`<img width="600"
 * height="200">`), sharp on high-density screens. PNG, as mail clients block SVG.
 */
export const CARD_WIDTH_PX = 1200;
export const CARD_HEIGHT_PX = 400;

const HEADERS = {
  // Five minutes fresh everywhere, then served stale for an hour while a cache refetches.
  "cache-control": "public, max-age=300, s-maxage=300, stale-while-revalidate=3600",
  "access-control-allow-origin": "*",
  "x-content-type-options": "nosniff",
};

/** The route's whole answer: the PNG, or a short plain-text reason. */
export async function cardResponse(db: Db, params: { kind: string; key: string }, url: URL, now = Date.now()): Promise<Response> {
  const parsed = parseCardRequest(params, url.searchParams);
  if (!parsed.ok) return textResponse(parsed.status, parsed.message);
  const { request } = parsed;
  const data = await widgetData(db, request.kind, request.key, request.range, now, { barsOver: "range" });
  if (!data) return textResponse(404, t.widgets.notFound);
  try {
    const png = await renderCard(data, request.theme);
    return new Response(png, { headers: { ...HEADERS, "content-type": "image/png", "content-length": String(png.byteLength) } });
  } catch (error) {
    console.error(`${url.pathname}:`, error);
    return new Response(`${t.widgets.cardFailed}\n`, { status: 500, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
}

/**
 * Drawing takes far longer than reading the data (tens of ms of CPU), so identical cards are
 * drawn once: the key is everything drawn, "as of" minute included, so a card is at most a
 * minute old and concurrent requests for it share one drawing. The subject is still looked up
 * on every request, so a card stops being served the moment its subject is no longer public.
 */
const drawn = new Map<string, Promise<ArrayBuffer>>();
const MAX_DRAWN = 64;

function renderCard(data: WidgetData, theme: Theme): Promise<ArrayBuffer> {
  const key = JSON.stringify([theme, data]);
  let png = drawn.get(key);
  if (!png) {
    // Rendered here rather than streamed, so a failure is a 500 and not a truncated 200.
    png = new ImageResponse(<UptimeCard data={data} palette={PALETTE[theme]} />, { width: CARD_WIDTH_PX, height: CARD_HEIGHT_PX }).arrayBuffer();
    if (drawn.size >= MAX_DRAWN) drawn.delete(drawn.keys().next().value!);
    drawn.set(key, png);
    png.catch(() => drawn.delete(key));
  }
  return png;
}

function textResponse(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { ...HEADERS, "cache-control": "public, max-age=60", "content-type": "text/plain; charset=utf-8", "content-security-policy": "default-src 'none'" },
  });
}

/** Sizes in card pixels (twice what the reader sees). */
const PAD = 52;
const BAR_GAP = 3;

/**
 * The card, in the CSS that next/og (Satori) draws: flexbox only, every element with more than
 * one child `display: flex`, one font (so one weight: hierarchy comes from size and colour).
 */
function UptimeCard({ data, palette: p }: { data: WidgetData; palette: Palette }) {
  const oneLine = { display: "block", whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" } as const;
  // The bars span the window of the uptime figure above them (24 hours, or 7, 30 or 90 days).
  const bars = data.days.length;
  const barWidth = (CARD_WIDTH_PX - 2 * PAD - (bars - 1) * BAR_GAP) / bars;
  return (
    <div
      style={{
        display: "flex",
        flexDirection: "column",
        width: "100%",
        height: "100%",
        padding: `${PAD - 12}px ${PAD}px ${PAD - 16}px`,
        background: p.surface,
        border: `2px solid ${p.border}`,
        borderRadius: 24,
        color: p.text,
        fontFamily: "geist",
      }}
    >
      <div style={{ ...oneLine, fontSize: 28, color: p.muted }}>{cardText(data.pageName, 60)}</div>
      <div style={{ display: "flex", alignItems: "flex-end", justifyContent: "space-between", marginTop: 6 }}>
        <div style={{ display: "flex", flexDirection: "column", flexGrow: 1, flexShrink: 1, flexBasis: 0, minWidth: 0, marginRight: 40 }}>
          <div style={{ ...oneLine, fontSize: 54, lineHeight: 1.2 }}>{cardText(data.name, 80)}</div>
          <div style={{ display: "flex", alignItems: "center", marginTop: 10 }}>
            <div style={{ width: 26, height: 26, borderRadius: 13, background: statusColor(p, data.status), marginRight: 14 }} />
            <div style={{ fontSize: 34, color: statusColor(p, data.status) }}>{data.statusText}</div>
          </div>
        </div>
        <div style={{ display: "flex", flexDirection: "column", alignItems: "flex-end", flexShrink: 0 }}>
          <div style={{ fontSize: data.hasUptime ? 88 : 60, lineHeight: 1, letterSpacing: -2, color: data.hasUptime ? p.text : p.muted }}>{data.uptime}</div>
          <div style={{ fontSize: 26, color: p.muted, marginTop: 12 }}>{data.uptimeCaption}</div>
        </div>
      </div>
      <div style={{ display: "flex", justifyContent: "space-between", marginTop: "auto", height: 72 }}>
        {data.days.map((d) => (
          <div key={d.dayStart} style={{ width: barWidth, height: "100%", borderRadius: 3, background: p.bar[d.worst] }} />
        ))}
      </div>
      <div style={{ display: "flex", justifyContent: "space-between", marginTop: 12, fontSize: 24, color: p.muted }}>
        <div>{data.barsFrom}</div>
        <div>{data.asOf}</div>
        <div>{data.barsTo}</div>
      </div>
    </div>
  );
}
