import { describe, expect, it } from "vitest";
import { checkId, checkLogLine } from "./check-log";

describe("check log lines", () => {
  it("name the result by monitor, region and start time", () => {
    expect(checkId("api", "eu-west", Date.UTC(2026, 11, 8, 0, 20, 0, 123))).toBe("api@eu-west:2026-12-08T00:20:00.123Z");
  });

  it("say the status, the time and why a check failed", () => {
    const startedAt = Date.UTC(2026, 11, 8);
    expect(checkLogLine("api", "local", { status: "up", startedAt, totalUs: 12_400, statusCode: 200 })).toEqual({
      msg: "api up in 12 ms",
      fields: { check: "api@local:2026-12-08T00:00:00.000Z", monitor: "api", region: "local", status: "up", ms: 12, statusCode: 200, errorClass: undefined },
    });
    const down = checkLogLine("api", "local", { status: "down", startedAt, totalUs: 10_000_000, errorClass: "timeout", message: "no answer within 10 s" });
    expect(down.msg).toBe("api down in 10000 ms: no answer within 10 s");
    expect(down.fields).toMatchObject({ status: "down", errorClass: "timeout" });
  });
});
