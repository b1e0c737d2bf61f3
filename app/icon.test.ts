/**
 * The site icon: app/favicon.ico answers /favicon.ico (browsers ask for it on every page,
 * including the public page, which is not rendered by React) and app/icon.svg is linked from the
 * React pages (Next's metadata file conventions). Both small, neither coloured like a status.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.dirname(new URL(import.meta.url).pathname);

describe("site icon files", () => {
  it("favicon.ico is an icon file with 16, 32 and 48 px PNG images, under 4 KiB", () => {
    const ico = readFileSync(path.join(APP, "favicon.ico"));
    expect(ico.length).toBeLessThan(4096);
    // ICONDIR: reserved 0, type 1 (icon), then the image count.
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const [width, bytes, offset] = [ico.readUInt8(entry) || 256, ico.readUInt32LE(entry + 8), ico.readUInt32LE(entry + 12)];
      const png = ico.subarray(offset, offset + bytes);
      expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
      // The PNG's own IHDR width matches the directory entry.
      expect(png.readUInt32BE(16)).toBe(width);
      sizes.push(width);
    }
    expect(sizes).toEqual([16, 32, 48]);
  });

  it("icon.svg is a small standalone SVG in the page's neutral text colour", () => {
    const svg = readFileSync(path.join(APP, "icon.svg"), "utf8");
    expect(svg.length).toBeLessThan(1024);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 32 32">/);
    expect(svg).toContain('fill="#15181d"');
    // No status colour: an icon must not look green while the page is down.
    for (const statusColour of ["#18794e", "#2da56a", "#b42318", "#e0483c"]) expect(svg).not.toContain(statusColour);
  });
});
