import { describe, expect, it } from "vitest";
import { MAX_SLEW, steadyClock } from "./steady-clock";

describe("steadyClock", () => {
  const HOUR = 3_600_000;
  function machine() {
    const m = { wall: 1_000_000_000_000, mono: 0 };
    const clock = steadyClock(() => m.wall, () => m.mono);
    const pass = (ms: number) => {
      m.wall += ms;
      m.mono += ms;
    };
    return { m, clock, pass };
  }

  it("keeps time with the wall clock while it runs normally", () => {
    const { m, clock, pass } = machine();
    pass(10_000);
    expect(clock()).toBe(m.wall);
  });

  it("steps of the wall clock, back or forward, keep the order and the intervals, and it catches up slowly", () => {
    for (const step of [-HOUR, HOUR]) {
      const { m, clock, pass } = machine();
      const seen = [clock()];
      m.wall += step;
      for (let i = 0; i < 10; i++) {
        pass(10_000);
        seen.push(clock());
      }
      const intervals = seen.slice(1).map((t, i) => t - seen[i]);
      for (const d of intervals) {
        expect(d).toBeGreaterThanOrEqual(10_000 * (1 - MAX_SLEW));
        expect(d).toBeLessThanOrEqual(10_000 * (1 + MAX_SLEW));
      }
      // Twenty hours later it reads the wall clock again.
      pass(20 * HOUR + 60_000);
      expect(clock()).toBe(m.wall);
    }
  });
});
