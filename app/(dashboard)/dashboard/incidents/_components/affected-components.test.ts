import { SYSTEM_ACTOR } from "../../../../../lib/audit/log";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { createTestDb, makeComponent } from "@/lib/db/test-db";
import { getIncident, maintenancePhase, scheduleMaintenance } from "@/lib/incidents/manage";
import { AffectedComponents } from "./affected-components";

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const HOUR = 3_600_000;

describe("the dashboard's affected components of a maintenance", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  /** The incident page's "Components" cell for a window from `from` to `until`, rendered as the page does. */
  async function cell(from: number, until: number) {
    const api = await makeComponent(db, { key: `api-${from}`, name: "API" });
    const id = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Upgrade", body: "Planned.", componentIds: [api.id], scheduledFor: from, scheduledUntil: until, published: true }, NOW - 5 * HOUR);
    const detail = (await getIncident(db, id))!;
    return renderToStaticMarkup(createElement(AffectedComponents, { components: detail.components, phase: maintenancePhase(detail.incident, NOW) }));
  }

  it("does not call components of a maintenance hours away 'Under maintenance'", async () => {
    const planned = await cell(NOW + 3 * HOUR, NOW + 4 * HOUR);
    expect(planned).toContain("Maintenance planned");
    expect(planned).not.toContain("Under maintenance");
    expect(await cell(NOW - HOUR, NOW + HOUR)).toContain("Under maintenance");
  });
});
