import { apiRoute } from "@/lib/api/handler";
import { listApiKeysOp } from "@/lib/api/operations/api-keys";
import { listApiKeys } from "@/lib/auth/api-keys";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listApiKeysOp, async ({ db, actor }) => ({ items: await listApiKeys(db, { userId: actor.userId }) }));
