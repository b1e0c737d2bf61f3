import { apiRoute } from "@/lib/api/handler";
import { revokeProbeTokenOp } from "@/lib/api/operations/probes";
import { revokeProbeToken } from "@/lib/probes/tokens";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute(revokeProbeTokenOp, ({ db, actor, params }) => revokeProbeToken(db, actor, params.id));
