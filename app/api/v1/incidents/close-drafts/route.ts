import { apiRoute } from "@/lib/api/handler";
import { closeDraftsOp } from "@/lib/api/operations/incidents";
import { closeDrafts } from "@/lib/incidents/close-drafts";

export const dynamic = "force-dynamic";

export const POST = apiRoute(closeDraftsOp, ({ db, actor, body }) => closeDrafts(db, actor, body));
