import { describe, expect, it } from "vitest";
import type { MonitorStatus } from "../db/schema/monitor-states";
import { evaluateQuorum, quorumSize, type RegionView } from "./quorum";
import { initialState } from "./state";

const NOW = 1_000_000;
const INTERVAL = 30_000;
const view = (region: string, status: MonitorStatus, lastResultAt: number | null = NOW, lastMessage: string | null = null): RegionView => ({
  region,
  state: { ...initialState(0), status, lastResultAt },
  lastMessage,
});
const judge = (views: RegionView[], quorum?: number) => evaluateQuorum(views, { now: NOW, intervalMs: INTERVAL, quorum });

describe("quorum", () => {
  it("defaults to a majority of live regions, and caps a configured quorum at the live count", () => {
    expect([1, 2, 3, 4, 5].map((n) => quorumSize(n))).toEqual([1, 2, 2, 3, 3]);
    expect(quorumSize(2, 3)).toBe(2);
    expect(quorumSize(5, 1)).toBe(1);
  });

  it.each([
    // regions' own states → monitor status
    [["operational", "operational", "operational"], "operational"],
    [["down", "operational", "operational"], "operational"],
    [["down", "down", "operational"], "down"],
    [["down", "degraded", "operational"], "degraded"],
    [["degraded", "degraded", "down"], "degraded"],
    [["down", "down", "down"], "down"],
    [["no_data", "no_data", "no_data"], "no_data"],
    [["no_data", "down", "no_data"], "no_data"],
    [["operational"], "operational"],
    [["down"], "down"],
  ] as [MonitorStatus[], MonitorStatus][])("%j → %s", (statuses, expected) => {
    expect(judge(statuses.map((s, i) => view(`r${i}`, s))).status).toBe(expected);
  });

  it("says which regions and which errors, and shows a failing minority as a warning", () => {
    const down = judge([view("eu-west", "down", NOW, "connect ECONNREFUSED"), view("us-east", "down", NOW, "status 503, expected 200-299"), view("ap-south", "operational")]);
    expect(down.reason).toBe("2 of 3 regions down: eu-west: connect ECONNREFUSED; us-east: status 503, expected 200-299");
    expect(down.warning).toBeNull();

    const minority = judge([view("eu-west", "down", NOW, "connect ECONNREFUSED"), view("us-east", "operational"), view("ap-south", "operational")]);
    expect(minority.status).toBe("operational");
    expect(minority.warning).toBe("eu-west failing below quorum (1 of 3 regions, quorum 2): eu-west: connect ECONNREFUSED");
  });

  it("leaves silent regions out: they can neither alarm nor make a monitor green", () => {
    const silentDown = judge([view("eu-west", "down", NOW - 3 * INTERVAL), view("us-east", "operational"), view("ap-south", "operational")]);
    expect(silentDown).toMatchObject({ status: "operational", live: 2, warning: null });
    // Two regions down, one of them silent: 1 of 2 live is below a majority of 2.
    expect(judge([view("a", "down"), view("b", "down", NOW - 3 * INTERVAL), view("c", "operational")]).status).toBe("operational");
    const allSilent = judge([view("a", "operational", NOW - 3 * INTERVAL), view("b", "operational", null)]);
    expect(allSilent).toMatchObject({ status: "no_data", live: 0 });
  });

  it("names the live and the down regions as data, sorted, silent regions left out", () => {
    const verdict = judge([view("us-east", "down"), view("eu-west", "down"), view("ap-south", "operational"), view("sa-east", "down", NOW - 3 * INTERVAL)]);
    expect(verdict).toMatchObject({ status: "down", live: 3, down: 2, liveRegions: ["ap-south", "eu-west", "us-east"], downRegions: ["eu-west", "us-east"] });
    expect(judge([view("a", "degraded"), view("b", "degraded")])).toMatchObject({ status: "degraded", liveRegions: ["a", "b"], downRegions: [] });
    expect(judge([view("a", "operational", null)])).toMatchObject({ status: "no_data", liveRegions: [], downRegions: [] });
  });

  it("honours a configured quorum", () => {
    expect(judge([view("a", "down"), view("b", "operational"), view("c", "operational")], 1).status).toBe("down");
    expect(judge([view("a", "down"), view("b", "down"), view("c", "operational")], 3).status).toBe("operational");
  });
});
