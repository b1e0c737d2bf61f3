import { describe, expect, it } from "vitest";
import { FLAP_THRESHOLD, flappingLevel } from "./flapping";

describe("flapping damping", () => {
  it("has hysteresis: starts at the threshold, ends below half of it", () => {
    expect(flappingLevel(FLAP_THRESHOLD - 1, false)).toBe(0);
    expect(flappingLevel(FLAP_THRESHOLD, false)).toBe(FLAP_THRESHOLD);
    expect(flappingLevel(Math.ceil(FLAP_THRESHOLD / 2), true)).toBe(Math.ceil(FLAP_THRESHOLD / 2));
    expect(flappingLevel(Math.ceil(FLAP_THRESHOLD / 2) - 1, true)).toBe(0);
  });
});
