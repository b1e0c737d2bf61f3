import { getDb } from "@/lib/db/client";
import { unsubscribe } from "@/lib/subscriptions/manage";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string }> };

const TEXT = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };

/**
 * RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to the URL in
 * the List-Unsubscribe header, without cookies or a sign-in. The token is the credential.
 */
export async function POST(_request: Request, { params }: Params) {
  const { token } = await params;
  const outcome = await unsubscribe(await getDb(), token);
  if (outcome.status === "not_found") return new Response("This unsubscribe link is not valid.\n", { status: 404, headers: TEXT });
  return new Response("You are unsubscribed: no more updates will be sent to this address.\n", { status: 200, headers: TEXT });
}

/** Opening the URL changes nothing (link scanners fetch it): it leads to the page with the button. */
export async function GET(_request: Request, { params }: Params) {
  const { token } = await params;
  return new Response(null, { status: 303, headers: { location: `/unsubscribe/${encodeURIComponent(token)}`, "cache-control": "no-store" } });
}
