import { apiRoute } from "@/lib/api/handler";
import { listComponentsOp } from "@/lib/api/operations/components";
import { listComponents } from "@/lib/dashboard/components";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listComponentsOp, async ({ db }) => ({ items: await listComponents(db) }));
