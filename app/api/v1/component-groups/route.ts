import { apiRoute } from "@/lib/api/handler";
import { listComponentGroupsOp } from "@/lib/api/operations/components";
import { listComponentGroups } from "@/lib/dashboard/components";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listComponentGroupsOp, async ({ db }) => ({ items: await listComponentGroups(db) }));
