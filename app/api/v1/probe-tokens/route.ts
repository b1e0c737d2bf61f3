import { apiRoute } from "@/lib/api/handler";
import { createProbeTokenOp, listProbeTokensOp } from "@/lib/api/operations/probes";
import { createProbeToken, listProbeTokens } from "@/lib/probes/tokens";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listProbeTokensOp, async ({ db }) => ({ items: await listProbeTokens(db) }));

export const POST = apiRoute(createProbeTokenOp, ({ db, actor, body }) => createProbeToken(db, actor, body.region));
