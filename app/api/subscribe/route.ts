import { getDb } from "@/lib/db/client";
import { BODY_LIMITS, BodyError, readFormLimited, readJsonLimited } from "@/lib/http/body";
import { clientKey } from "@/lib/http/client-address";
import { publicBaseUrl } from "@/lib/notify/links";
import { UserError } from "@/lib/errors";
import { errorResponse, messageOnlyBody } from "@/lib/http/errors";
import { confirm, subscribe, type SubscribeInput } from "@/lib/subscriptions/manage";
import { subscriberLinks } from "@/lib/subscriptions/messages";

export const dynamic = "force-dynamic";

/**
 * POST /api/subscribe, from the /subscribe form (redirects back, so it works without JavaScript)
 * or as JSON: { email } or { kind: "webhook", url }, with { components: [ids] } or { all: true }.
 * JSON answers: 202 for email (the same whether the address was known or not), 201 with the
 * signing secret for a webhook, 422 / 409 / 429 with { error }.
 */
export async function POST(request: Request) {
  const type = request.headers.get("content-type") ?? "";
  const isForm = type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
  let input: SubscribeInput;
  try {
    input = isForm
      ? fromForm(await readFormLimited(request, BODY_LIMITS.publicFormBytes))
      : fromJson(await readJsonLimited(request, BODY_LIMITS.publicFormBytes));
  } catch (err) {
    if (err instanceof BodyError && err.status === 413) return Response.json({ error: err.message }, { status: 413, headers: NO_STORE });
    return isForm ? back("?error=kind") : Response.json({ error: 'Send a JSON object like {"email": "name@example.com"}.' }, { status: 400, headers: NO_STORE });
  }
  const db = await getDb();
  try {
    const outcome = await subscribe(db, input, { clientKey: clientKey(request.headers) });
    if (outcome.kind === "email") {
      return isForm
        ? back("?sent=1")
        : Response.json({ ok: true, message: "Check your inbox: open the link in the confirmation email to start receiving updates." }, { status: 202, headers: NO_STORE });
    }
    // A webhook is active once its secret is shown: on the confirmation page, or in this answer.
    if (isForm) return back(`/confirm/${encodeURIComponent(outcome.token)}`);
    const activated = await confirm(db, outcome.token);
    const links = subscriberLinks(publicBaseUrl(), outcome.token);
    return Response.json(
      {
        ok: true,
        secret: activated.status === "confirmed" ? activated.webhookSecret : undefined,
        manageUrl: links.manage,
        unsubscribeUrl: links.oneClick,
        message: "Keep the secret: it is shown only now. Verify each delivery's webhook-signature with a Standard Webhooks library.",
      },
      { status: 201, headers: NO_STORE },
    );
  } catch (err) {
    if (isForm && err instanceof UserError && err.reason) {
      const retry = err.retryAfterS ? `&retry=${Math.ceil(err.retryAfterS / 60)}` : "";
      return back(`?error=${err.reason}${retry}&kind=${input.kind === "webhook" ? "webhook" : "email"}`);
    }
    return errorResponse(err, { headers: NO_STORE, body: messageOnlyBody });
  }
}

const NO_STORE = { "cache-control": "no-store" };

/** A 303 to the form (a relative Location: no Host header decides where the browser goes). */
function back(suffix: string): Response {
  return new Response(null, { status: 303, headers: { location: `/subscribe${suffix}`, ...NO_STORE } });
}

function fromForm(form: FormData): SubscribeInput {
  const kind = String(form.get("kind") ?? "email");
  const all = form.get("scope") !== "some";
  return {
    kind: kind as SubscribeInput["kind"],
    address: String(form.get(kind === "webhook" ? "url" : "email") ?? ""),
    all,
    componentIds: all ? undefined : form.getAll("components").map((v) => Number(v)),
  };
}

function fromJson(body: unknown): SubscribeInput {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("not an object");
  const b = body as Record<string, unknown>;
  const kind = b.kind ?? (b.url !== undefined ? "webhook" : "email");
  const ids = b.components ?? b.componentIds;
  return {
    kind: kind as SubscribeInput["kind"],
    address: (kind === "webhook" ? (b.url ?? b.address) : (b.email ?? b.address)) as string,
    all: typeof b.all === "boolean" ? b.all : undefined,
    componentIds: ids as number[] | undefined,
  };
}
