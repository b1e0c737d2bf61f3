import { apiRoute } from "@/lib/api/handler";
import { revokeApiKeyOp } from "@/lib/api/operations/api-keys";
import { revokeApiKey } from "@/lib/auth/api-keys";

export const dynamic = "force-dynamic";

// Only the caller's own keys, whatever the role: admins revoke others' keys on the dashboard.
export const DELETE = apiRoute(revokeApiKeyOp, ({ db, actor, params }) => revokeApiKey(db, { id: actor.userId, role: "viewer" }, actor, params.id));
