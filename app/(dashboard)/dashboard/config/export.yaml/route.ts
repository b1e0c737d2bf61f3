import { headers } from "next/headers";
import { dashboardActor } from "@/lib/audit/log";
import { can } from "@/lib/auth/roles";
import { exportConfig } from "@/lib/config/export";
import { getDb } from "@/lib/db/client";
import { siteUrlFrom } from "@/lib/public/site-url";
import { requireUser } from "../../../_lib/session";

export const dynamic = "force-dynamic";

/**
 * The configuration as a status.config.yaml download, for admins. Channel secrets are never in
 * it (each is a ${VAR} reference; `npm run config -- export --include-secrets` on the server
 * writes them). Audited: who exported, not what.
 */
export async function GET() {
  const user = await requireUser();
  if (!can(user.role, "admin")) {
    return new Response("Not allowed: exporting the configuration needs the Admin role.\n", { status: 403, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
  const { yaml } = await exportConfig(await getDb(), { instance: siteUrlFrom(await headers()), exportedBy: user.email, actor: dashboardActor(user) });
  return new Response(yaml, {
    headers: {
      "content-type": "application/yaml; charset=utf-8",
      "content-disposition": 'attachment; filename="status.config.yaml"',
      "cache-control": "no-store",
      vary: "Cookie",
    },
  });
}
