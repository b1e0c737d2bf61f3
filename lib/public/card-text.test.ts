import { afterEach, describe, expect, it, vi } from "vitest";
import { ImageResponse } from "next/og";
import { createElement } from "react";
import { CARD_FONT_RANGES, cardText } from "./card-text";

describe("cardText", () => {
  it("keeps what the card's font draws, leaves emoji and invisible characters out and marks the rest", () => {
    expect(cardText("Zürich – API “v2” € 99.9‰")).toBe("Zürich – API “v2” € 99.9‰");
    expect(cardText("Москва, Hà Nội, Łódź, Ștefan")).toBe("Москва, Hà Nội, Łódź, Ștefan");
    expect(cardText("🚀 Launch ❤️‍🔥 👩🏽‍💻 🇫🇷 1️⃣ done ©️")).toBe("Launch 1 done ©");
    expect(cardText("東京 API")).toBe("?? API");
    expect(cardText("a\u202eevil\u202c\u0000 b\t\n c\u00ad")).toBe("aevil b c");
    // Decomposed accents are composed first, so they stay drawable.
    expect(cardText("Cafe\u0301")).toBe("Café");
    expect(cardText(`<script>alert(1)</script>`)).toBe(`<script>alert(1)</script>`);
  });

  it("shortens long text with an ellipsis", () => {
    expect(cardText("x".repeat(200), 10)).toBe(`${"x".repeat(9)}…`);
    expect(cardText("abcd efgh ijkl", 6)).toBe("abcd…");
    expect(cardText("  short  ")).toBe("short");
  });
});

describe("the card font", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("draws every character cardText keeps, without fetching a fallback font", async () => {
    const fetched: string[] = [];
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      // next/og loads its layout engine from a data: URL; anything else is the network.
      if (String(input).startsWith("data:")) return realFetch(input, init);
      fetched.push(String(input));
      throw new Error("no network in this test");
    });
    const all = CARD_FONT_RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i))).join("");
    expect(cardText(all, all.length)).toBe(all.replace("\u00a0", " ").trim());
    const image = new ImageResponse(createElement("div", { style: { display: "flex", flexWrap: "wrap", fontSize: 16, width: "100%" } }, all), { width: 1200, height: 600 });
    expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect(fetched).toEqual([]);

    // The check above can fail: a character outside the font asks the network (and logs its failure).
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const missing = new ImageResponse(createElement("div", { style: { display: "flex" } }, "東"), { width: 100, height: 50 });
    await missing.arrayBuffer().catch(() => undefined);
    expect(fetched.length).toBeGreaterThan(0);
  });
});
