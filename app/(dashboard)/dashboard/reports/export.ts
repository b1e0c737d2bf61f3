import { UserError } from "@/lib/errors";

/**
 * A refused export (a range too large, a bad date) goes back to the reports page with the
 * message in place of a file, keeping the query names in `keep`; anything else is not the
 * user's to fix.
 */
export function backToReports(request: Request, err: unknown, keep: readonly string[]): Response {
  if (!(err instanceof UserError)) throw err;
  const q = new URL(request.url).searchParams;
  const back = new URLSearchParams();
  for (const name of keep) {
    const v = q.get(name);
    if (v) back.set(name, v.slice(0, 64));
  }
  back.set("error", err.message);
  return new Response(null, { status: 303, headers: { location: `/dashboard/reports?${back}`, "cache-control": "no-store" } });
}
