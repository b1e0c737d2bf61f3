import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../audit/log";
import { makeComponent } from "../db/test-db";
import { createIncident, postUpdate, publishIncident } from "../incidents/manage";
import { savePostmortem } from "../incidents/postmortem";
import { countAudience } from "./audience";
import { fanOutIncidentUpdates } from "./fan-out";
import { subscribe, unsubscribe } from "./manage";
import { client, confirmedEmailSubscriber, MIN, T0, useWorld } from "./test-support";

describe("who hears of an incident: the count the dashboard shows is who the fan-out mails", () => {
  const world = useWorld();

  it("counts confirmed subscribers of the public affected components and of all components; nobody for a draft", async () => {
    const { db } = world;
    const api = await makeComponent(db, { name: "API" });
    const web = await makeComponent(db, { name: "Website" });
    const hidden = await makeComponent(db, { name: "Billing internals", isPublic: false });
    await confirmedEmailSubscriber(world, "all@example.com");
    await confirmedEmailSubscriber(world, "api@example.com", { componentIds: [api.id] });
    await confirmedEmailSubscriber(world, "web@example.com", { componentIds: [web.id] });
    const gone = await confirmedEmailSubscriber(world, "gone@example.com", { componentIds: [api.id] });
    await unsubscribe(db, gone.token, T0);
    await subscribe(db, { kind: "email", address: "pending@example.com", componentIds: [api.id] }, client(), T0);
    await world.deliver(T0);

    const id = await createIncident(db, SYSTEM_ACTOR, { title: "API down", status: "investigating", impact: "major", componentImpacts: [{ componentId: api.id, impact: "major_outage" }, { componentId: hidden.id, impact: "major_outage" }], body: "Looking." }, T0 + MIN);
    expect(await countAudience(db, id)).toEqual({ published: false, emails: 0, webhooks: 0, ifPublished: { emails: 2, webhooks: 0 } });
    await fanOutIncidentUpdates(db, T0 + MIN);
    expect(await world.deliver(T0 + MIN)).toEqual([]);

    await publishIncident(db, SYSTEM_ACTOR, id, true, T0 + 2 * MIN);
    const count = await countAudience(db, id);
    expect(count).toMatchObject({ published: true, emails: 2, webhooks: 0 });
    await fanOutIncidentUpdates(db, T0 + 2 * MIN);
    const sent = (await world.deliver(T0 + 2 * MIN)).map((m) => m.to[0]).sort();
    expect(sent).toEqual(["all@example.com", "api@example.com"]);
    expect(sent).toHaveLength(count.emails);
  });

  it("sends a published postmortem once, and only for a published incident", async () => {
    const { db } = world;
    const api = await makeComponent(db, { name: "API" });
    await confirmedEmailSubscriber(world, "api@example.com", { componentIds: [api.id] });
    await world.deliver(T0);
    const incident = async (published: boolean) => {
      const id = await createIncident(db, SYSTEM_ACTOR, { title: published ? "API down" : "Draft trouble", status: "investigating", impact: "major", componentImpacts: [{ componentId: api.id, impact: "major_outage" }], body: "Looking.", published }, T0 + MIN);
      await postUpdate(db, SYSTEM_ACTOR, id, { status: "resolved", body: "Fixed." }, T0 + 2 * MIN);
      return id;
    };
    const pub = await incident(true);
    const draft = await incident(false);
    await fanOutIncidentUpdates(db, T0 + 3 * MIN);
    await world.deliver(T0 + 3 * MIN);

    for (const id of [pub, draft]) {
      await savePostmortem(db, SYSTEM_ACTOR, id, { body: "A bad deploy.", publish: true }, T0 + 4 * MIN);
      await savePostmortem(db, SYSTEM_ACTOR, id, { body: "A bad deploy, rolled back.", publish: true }, T0 + 5 * MIN);
    }
    await fanOutIncidentUpdates(db, T0 + 6 * MIN);
    await fanOutIncidentUpdates(db, T0 + 6 * MIN);
    const mails = await world.deliver(T0 + 6 * MIN);
    expect(mails.map((m) => String(m.parsed.subject))).toEqual(["[Resolved] API down"]);
    expect(String(mails[0].parsed.text)).toContain("We published a postmortem");
  });
});
