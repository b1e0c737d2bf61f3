/**
 * Text for the PNG card (next/og), limited to what its bundled font draws. For any other
 * character next/og fetches a font from Google Fonts while rendering, and for an emoji an image
 * from a CDN: the first is an outbound request per new name (and fails offline), the second
 * fails the whole image when it cannot be fetched. So the card never asks: emoji are left out
 * and other characters the font lacks become "?". Names in Latin, Cyrillic and Vietnamese
 * scripts come through whole; others would need a font of their own passed to ImageResponse.
 */

/**
 * Code point ranges that next/og's default font (Geist Regular, next 16) draws: whole blocks or
 * the runs of them it covers. card-text.test.ts renders every one of them with fetch disabled.
 */
export const CARD_FONT_RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e], // Basic Latin
  [0xa0, 0xac], // Latin-1 punctuation and signs (U+00AD, the soft hyphen, is left out)
  [0xae, 0xff], // Latin-1 letters
  [0x100, 0x113], // Latin Extended-A, the runs the font has
  [0x116, 0x12b],
  [0x12e, 0x137],
  [0x139, 0x13e],
  [0x141, 0x148],
  [0x14a, 0x14d],
  [0x150, 0x17e],
  [0x218, 0x21b], // Romanian comma-below letters
  [0x400, 0x45f], // Cyrillic
  [0x1ea0, 0x1ef9], // Vietnamese
  [0x2013, 0x2014], // dashes
  [0x2018, 0x201a], // quotes
  [0x201c, 0x201e],
  [0x2020, 0x2022], // daggers, bullet
  [0x2026, 0x2026], // ellipsis
  [0x2030, 0x2030], // per mille
  [0x2039, 0x203a], // single guillemets
  [0x20ac, 0x20ac], // euro
  [0x2122, 0x2122], // trade mark
  [0x2190, 0x2199], // arrows
];

/** Pictographs and the joiners, selectors, modifiers and tags of emoji sequences. */
const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u200d\ufe0e\ufe0f\u20e3\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;
/** Control characters and bidi controls: invisible, or able to reorder what the card says. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

function drawable(codePoint: number): boolean {
  for (const [from, to] of CARD_FONT_RANGES) if (codePoint >= from && codePoint <= to) return true;
  return false;
}

/**
 * `text` as the card can draw it: NFC, emoji and invisible characters left out, undrawable
 * ones as "?", runs of white space as one space, and at most `maxChars` characters (the last
 * one then "…").
 */
export function cardText(text: string, maxChars = 120): string {
  const cleaned = text.normalize("NFC").replace(/\s+/gu, " ").replace(INVISIBLE, "").trim();
  // Pictographs the font has (©, ™, arrows) stay; other emoji parts go.
  const chars = [...cleaned].flatMap((ch) => (drawable(ch.codePointAt(0)!) ? [ch] : EMOJI.test(ch) ? [] : ["?"]));
  const joined = chars.join("").replace(/ {2,}/g, " ").trim();
  if ([...joined].length <= maxChars) return joined;
  return `${[...joined].slice(0, maxChars - 1).join("").trimEnd()}…`;
}
