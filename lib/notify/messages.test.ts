import { describe, expect, it } from "vitest";
import { buildEmailPayload } from "./email";
import { formatAgo, formatDuration } from "./format";
import { alertMessage, recoveryMessage, type AlertFacts } from "./messages";

const OPENED_AT = Date.UTC(2024, 4, 1, 10, 2, 0);
// Keeps the test key of vitest.config.ts: signing the acknowledge link must not write a key file.
const ENV: NodeJS.ProcessEnv = { ...process.env, PUBLIC_BASE_URL: "https://status.example.com" };

function alert(fields: Partial<AlertFacts> = {}): AlertFacts {
  return {
    id: 7,
    kind: "monitor_down",
    title: "API is down",
    reason: "3 of 3 regions failed twice: connect ECONNREFUSED",
    openedAt: OPENED_AT,
    resolvedAt: null,
    resolveReason: null,
    monitorKey: "api",
    monitorName: "API",
    publicIncidentId: null,
    downRegions: [],
    liveRegions: [],
    ...fields,
  };
}

const since = (ageMs: number) => alertMessage(alert(), OPENED_AT + ageMs, { env: ENV }).facts.find((f) => f.label === "Since")?.value;

describe("how long ago an alert opened", () => {
  it("a one-second-old alert says 1 s ago, not 1 min ago, in the email that goes out", () => {
    const email = buildEmailPayload(alertMessage(alert(), OPENED_AT + 1_000, { env: ENV }), { to: ["oncall@example.com"] });
    expect(email.text).toContain("2024-05-01 10:02 UTC (1 s ago)");
    expect(email.html).toContain("2024-05-01 10:02 UTC (1 s ago)");
    expect(email.text).not.toContain("min ago");
  });

  it("at each boundary: just now, seconds, minutes, hours", () => {
    expect(since(0)).toBe("2024-05-01 10:02 UTC (just now)");
    expect(since(-2_000)).toBe("2024-05-01 10:02 UTC (just now)"); // a probe clock a little ahead
    expect(since(999)).toBe("2024-05-01 10:02 UTC (just now)");
    expect(since(1_000)).toBe("2024-05-01 10:02 UTC (1 s ago)");
    expect(since(59_999)).toBe("2024-05-01 10:02 UTC (59 s ago)");
    expect(since(60_000)).toBe("2024-05-01 10:02 UTC (1 min ago)");
    expect(since(30 * 60_000)).toBe("2024-05-01 10:02 UTC (30 min ago)");
    expect(since(119 * 60_000)).toBe("2024-05-01 10:02 UTC (119 min ago)");
    expect(since(120 * 60_000)).toBe("2024-05-01 10:02 UTC (2 h ago)");
    expect(since(125 * 60_000)).toBe("2024-05-01 10:02 UTC (2 h 5 min ago)");
  });

  it("a recovery after a short outage says its length in seconds", () => {
    const message = recoveryMessage(alert({ resolvedAt: OPENED_AT + 42_000, resolveReason: "3 of 3 regions answered" }), OPENED_AT + 42_000, ENV);
    expect(message.summary).toBe("API recovered at 2024-05-01 10:02 UTC after 42 s. 3 of 3 regions answered");
    expect(message.facts.find((f) => f.label === "Duration")?.value).toBe("42 s");
  });

  it("formatDuration and formatAgo on their own", () => {
    expect([0, 500, 1_000, 1_999, 45_000, 89_000, 90_000, 7_200_000].map(formatDuration)).toEqual([
      "less than 1 s",
      "less than 1 s",
      "1 s",
      "1 s",
      "45 s",
      "1 min",
      "2 min",
      "2 h",
    ]);
    expect(formatAgo(999)).toBe("just now");
    expect(formatAgo(3_000)).toBe("3 s ago");
  });
});

describe("the regions an alert names", () => {
  const regions = (a: AlertFacts) => alertMessage(a, OPENED_AT + 60_000, { env: ENV }).facts.find((f) => f.label === "Regions")?.value;

  it("names the down regions of the live ones from the alert's data, whatever the reason says", () => {
    const a = alert({ reason: "9 checks failed in the last 10 min (down at least 50% of the time)", downRegions: ["eu-west", "us-east"], liveRegions: ["ap-south", "eu-west", "us-east"] });
    expect(regions(a)).toBe("2 of 3 regions: eu-west, us-east");
    expect(alertMessage(a, OPENED_AT + 60_000, { env: ENV }).summary).toBe(
      "API has been down since 2024-05-01 10:02 UTC, confirmed by 2 of 3 regions: eu-west, us-east. 9 checks failed in the last 10 min (down at least 50% of the time)",
    );
  });

  it("reads as the reason did when the quorum's words say it ('2 of 3 regions down: …')", () => {
    const reason = "2 of 3 regions down: eu-west: connect ECONNREFUSED; us-east: connect ECONNREFUSED";
    expect(regions(alert({ reason, downRegions: ["eu-west", "us-east"], liveRegions: ["ap-south", "eu-west", "us-east"] }))).toBe("2 of 3 regions: eu-west, us-east");
  });

  it("names none for one live region, an alert stored without regions, or a silent probe", () => {
    expect(regions(alert({ downRegions: ["local"], liveRegions: ["local"] }))).toBeUndefined();
    expect(regions(alert({ reason: "2 of 3 regions down: eu-west: x; us-east: y" }))).toBeUndefined();
    expect(regions(alert({ kind: "region_silent", title: "probe eu-west silent for 3 min", downRegions: ["eu-west"], liveRegions: ["eu-west", "us-east"] }))).toBeUndefined();
  });
});
