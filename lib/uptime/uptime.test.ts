import { describe, expect, it } from "vitest";
import { DAY_MS, dayStartUtc, formatUptimePercent, hourStartUtc, HOUR_MS, checkPassRatio } from "./uptime";

describe("dayStartUtc / hourStartUtc", () => {
  it.each([
    [Date.UTC(2024, 2, 31, 13, 45, 12, 345), Date.UTC(2024, 2, 31), Date.UTC(2024, 2, 31, 13)],
    [Date.UTC(2024, 2, 31), Date.UTC(2024, 2, 31), Date.UTC(2024, 2, 31)],
    [Date.UTC(2024, 2, 31, 23, 59, 59, 999), Date.UTC(2024, 2, 31), Date.UTC(2024, 2, 31, 23)],
    [0, 0, 0],
    [-1, -DAY_MS, -HOUR_MS],
  ])("%d → day %d, hour %d", (ms, day, hour) => {
    expect(dayStartUtc(ms)).toBe(day);
    expect(hourStartUtc(ms)).toBe(hour);
  });

  it("counts days in UTC, so a daylight-saving change elsewhere is still 24 hours", () => {
    // Europe moved its clocks on 2024-03-31; UTC days do not care.
    expect(dayStartUtc(Date.UTC(2024, 3, 1, 0, 30)) - dayStartUtc(Date.UTC(2024, 2, 31, 12))).toBe(DAY_MS);
  });
});

describe("checkPassRatio", () => {
  it.each([
    [{ total: 2_880, down: 3 }, 2_877 / 2_880],
    [{ total: 10, down: 0 }, 1],
    [{ total: 10, down: 10 }, 0],
    [{ total: 4, down: 1, degraded: 3 }, 0.75], // degraded results are up
    [{ total: 0, down: 0 }, null], // no data is never 100 %
  ])("%o → %s", (counts, ratio) => {
    expect(checkPassRatio(counts)).toBe(ratio);
    expect(checkPassRatio(counts)).toBe(ratio);
  });

  it.each([
    [{ total: 10, down: 11 }, /down must be an integer from 0 to total \(10\), got 11/],
    [{ total: 10, down: -1 }, /down must be/],
    [{ total: -1, down: 0 }, /total must be a non-negative integer, got -1/],
    [{ total: 1.5, down: 0 }, /total must be/],
    [{ total: NaN, down: 0 }, /total must be/],
  ])("rejects inconsistent counts %o", (counts, message) => {
    expect(() => checkPassRatio(counts)).toThrow(message);
  });
});

describe("formatUptimePercent", () => {
  it.each<[number | null, number | undefined, string]>([
    [null, undefined, "no data"],
    [1, undefined, "100%"],
    [1, 3, "100%"],
    [0.9995, undefined, "99.95%"], // 0.9995 · 10⁴ is 9994.999999999998 in floating point
    [0.29, undefined, "29.00%"], // and 0.29 · 10⁴ is 2899.9999999999995
    [0.57, undefined, "57.00%"],
    [0.999996, undefined, "99.99%"], // floor: never rounds up to 100 %
    [0.9999999, undefined, "99.99%"],
    [1 - 1e-15, undefined, "99.99%"],
    [1 - 1e-15, 6, "99.999999%"],
    [2_877 / 2_880, undefined, "99.89%"], // 99.8958…
    [0.5, undefined, "50.00%"],
    [0, undefined, "0.00%"],
    [0.9995, 3, "99.950%"],
    [0.999999, 4, "99.9999%"],
    [0.996, 0, "99%"],
    [0.99999, 0, "99%"],
  ])("%s with %s decimals → %s", (ratio, decimals, text) => {
    expect(formatUptimePercent(ratio, decimals)).toBe(text);
  });

  it("floors exactly, for every ratio of counts up to 1,000", () => {
    for (const decimals of [0, 2, 3]) {
      const scale = 10 ** (decimals + 2);
      for (let total = 1; total <= 1_000; total++) {
        for (let down = 0; down <= total; down++) {
          // Integer arithmetic: the products stay far below 2^53.
          const steps = Math.floor(((total - down) * scale) / total);
          const expected = down === 0 ? "100%" : `${(steps / 10 ** decimals).toFixed(decimals)}%`;
          const text = formatUptimePercent(checkPassRatio({ total, down }), decimals);
          if (text !== expected) expect(`${total - down}/${total} → ${text}`).toBe(`${total - down}/${total} → ${expected}`);
        }
      }
    }
  });

  it.each([
    [1.01, 2, /between 0 and 1/],
    [-0.1, 2, /between 0 and 1/],
    [NaN, 2, /between 0 and 1/],
    [0.5, 7, /decimals must be an integer from 0 to 6, got 7/],
    [0.5, -1, /decimals must be/],
    [0.5, 1.5, /decimals must be/],
  ])("rejects ratio %s with %s decimals", (ratio, decimals, message) => {
    expect(() => formatUptimePercent(ratio, decimals)).toThrow(message);
  });
});
