import { apiRoute } from "@/lib/api/handler";
import { createRegionOp, listRegionsOp } from "@/lib/api/operations/probes";
import { addRegion, listRegionViews } from "@/lib/regions/store";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listRegionsOp, async ({ db }) => ({ items: await listRegionViews(db) }));

export const POST = apiRoute(createRegionOp, async ({ db, actor, body }) => {
  const { name } = await addRegion(db, actor, body.name);
  return (await listRegionViews(db)).find((r) => r.name === name)!;
});
