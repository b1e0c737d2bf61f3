import { describe, expect, it } from "vitest";
import { isRegionName, regionNameSchema } from "./name";

describe("the region-name rule", () => {
  it("takes 1 to 32 lowercase letters, digits and dashes, not starting with a dash", () => {
    expect(["eu-west", "a", "1", "us-east-2", "a".repeat(32)].every(isRegionName)).toBe(true);
    expect(["", "-eu", "EU", "eu west", "eu_west", "a".repeat(33)].some(isRegionName)).toBe(false);
  });

  it("says what it expected in a schema", () => {
    const parsed = regionNameSchema.safeParse("EU West");
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe('expected a region name like eu-west (lowercase letters, digits, dashes), got "EU West"');
  });
});
