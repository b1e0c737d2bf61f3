import { describe, expect, it } from "vitest";
import { transitionLogLines } from "./log-lines";

describe("transition log lines", () => {
  it("10,000 first results are one line; a lone outage keeps its own", () => {
    const started = Array.from({ length: 10_000 }, (_, i) => ({ key: `m-${i}`, from: "no_data", to: "operational", reason: "first check succeeded" }));
    const lines = transitionLogLines([...started, { key: "api", from: "no_data", to: "down", reason: "2 consecutive checks failed: connect ECONNREFUSED" }]);
    expect(lines).toEqual([
      "10,000 monitors: no_data → operational: first check succeeded; e.g. m-0, m-1, m-2",
      "api: no_data → down: 2 consecutive checks failed: connect ECONNREFUSED",
    ]);
  });

  it("a few changes are a line each; many with different reasons say how many reasons", () => {
    expect(transitionLogLines([{ key: "a", from: "operational", to: "down", reason: "timeout" }], 2)).toEqual(["a: operational → down: timeout"]);
    const many = ["timeout", "refused", "timeout"].map((reason, i) => ({ key: `k${i}`, from: "operational", to: "no_data", reason }));
    expect(transitionLogLines(many, 2)).toEqual(["3 monitors: operational → no_data (2 different reasons); e.g. k0, k1, k2"]);
  });
});
