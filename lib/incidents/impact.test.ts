import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { COMPONENT_IMPACTS, INCIDENT_IMPACTS } from "../db/schema/incidents";
import { componentImpactRank, componentImpactRankSql, incidentImpactRank, incidentImpactRankSql } from "./impact";

describe("one impact ranking", () => {
  it("ranks mildest first, for incidents and components", () => {
    expect(["none", "minor", "major", "critical"].map((i) => incidentImpactRank(i as never))).toEqual([0, 1, 2, 3]);
    expect(["degraded_performance", "partial_outage", "major_outage"].map((i) => componentImpactRank(i as never))).toEqual([0, 1, 2]);
  });

  it("says the same in SQL as in TypeScript", async () => {
    const client = createClient({ url: ":memory:" });
    for (const impact of INCIDENT_IMPACTS) {
      const { rows } = await client.execute({ sql: `SELECT ${incidentImpactRankSql("?")} AS rank`, args: [impact] });
      expect(Number(rows[0].rank)).toBe(incidentImpactRank(impact));
    }
    for (const impact of COMPONENT_IMPACTS) {
      const { rows } = await client.execute({ sql: `SELECT ${componentImpactRankSql("?")} AS rank`, args: [impact] });
      expect(Number(rows[0].rank)).toBe(componentImpactRank(impact));
    }
    client.close();
  });
});
