"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import {
  createIncident,
  editIncident,
  IncidentError,
  mergeIncident,
  postUpdate,
  publishIncident,
  scheduleMaintenance,
  type CreateIncidentInput,
  type EditIncidentInput,
  type PostUpdateInput,
} from "@/lib/incidents/manage";
import type { ComponentImpact } from "@/lib/db/schema/incidents";
import { requireUser } from "../../_lib/session";

/*
 * Thin adapters: read the form, call lib/incidents/manage (which validates with zod), and go back
 * to the page. Errors travel in the query string with what was typed, so the forms work without
 * JavaScript and nothing typed is lost.
 */

const BASE = "/dashboard/incidents";
/** Longest typed text carried back in an error URL; a longer message is not repeated. */
const MAX_KEPT_CHARS = 4_000;

const field = (form: FormData, name: string) => String(form.get(name) ?? "");
const idOf = (form: FormData) => Number(field(form, "id"));

function back(path: string, err: unknown, form?: FormData): never {
  if (!(err instanceof IncidentError)) throw err;
  const q = new URLSearchParams();
  for (const [k, v] of form?.entries() ?? []) {
    // Next adds its own $ACTION fields; ids are in the path.
    if (k.startsWith("$") || k === "id" || typeof v !== "string" || v.length > MAX_KEPT_CHARS) continue;
    q.append(k, v);
  }
  q.set("error", err.message);
  redirect(`${path}?${q}`);
}

/** `impact:<componentId>` selects, empty for "not affected". */
function componentImpactsOf(form: FormData): NonNullable<CreateIncidentInput["componentImpacts"]> {
  const out: NonNullable<CreateIncidentInput["componentImpacts"]> = [];
  for (const [k, v] of form.entries()) {
    if (!k.startsWith("impact:") || v === "") continue;
    out.push({ componentId: Number(k.slice("impact:".length)), impact: String(v) as ComponentImpact });
  }
  return out;
}

/** `component` checkboxes (maintenance). */
const componentIdsOf = (form: FormData) => form.getAll("component").map((v) => Number(v));

export async function createIncidentAction(form: FormData) {
  await requireUser();
  const db = await getDb();
  const kind = field(form, "kind") === "maintenance" ? "maintenance" : "incident";
  let id: number;
  try {
    id =
      kind === "maintenance"
        ? await scheduleMaintenance(db, {
            title: field(form, "title"),
            body: field(form, "body"),
            componentIds: componentIdsOf(form),
            scheduledFor: field(form, "start"),
            scheduledUntil: field(form, "end"),
            published: form.has("published"),
          })
        : await createIncident(db, {
            title: field(form, "title"),
            status: field(form, "status") as CreateIncidentInput["status"],
            impact: field(form, "impact") as CreateIncidentInput["impact"],
            componentImpacts: componentImpactsOf(form),
            body: field(form, "body"),
            published: form.has("published"),
          });
  } catch (err) {
    back(`${BASE}/new`, err, form);
  }
  redirect(`${BASE}/${id}?notice=${encodeURIComponent(kind === "maintenance" ? "Maintenance scheduled." : "Incident opened.")}`);
}

export async function postUpdateAction(form: FormData) {
  await requireUser();
  const id = idOf(form);
  try {
    await postUpdate(await getDb(), id, { status: field(form, "status") as PostUpdateInput["status"], body: field(form, "body") });
  } catch (err) {
    back(`${BASE}/${id}`, err, form);
  }
  redirect(`${BASE}/${id}?notice=${encodeURIComponent("Update posted.")}`);
}

export async function editIncidentAction(form: FormData) {
  await requireUser();
  const id = idOf(form);
  const input: EditIncidentInput = { title: field(form, "title") };
  if (form.has("impact")) input.impact = field(form, "impact") as EditIncidentInput["impact"];
  // The form always lists every component, so what it sends is the whole new set.
  if (form.get("kind") === "maintenance") {
    input.componentImpacts = componentIdsOf(form).map((componentId) => ({ componentId, impact: "degraded_performance" }));
    if (form.has("start")) input.scheduledFor = field(form, "start");
    if (form.has("end")) input.scheduledUntil = field(form, "end");
  } else {
    input.componentImpacts = componentImpactsOf(form);
  }
  try {
    await editIncident(await getDb(), id, input);
  } catch (err) {
    back(`${BASE}/${id}`, err);
  }
  redirect(`${BASE}/${id}?notice=${encodeURIComponent("Changes saved.")}`);
}

export async function publishAction(form: FormData) {
  await requireUser();
  const id = idOf(form);
  const published = field(form, "published") === "1";
  try {
    await publishIncident(await getDb(), id, published);
  } catch (err) {
    back(`${BASE}/${id}`, err);
  }
  redirect(`${BASE}/${id}?notice=${encodeURIComponent(published ? "Published on the status page." : "Hidden from the status page.")}`);
}

export async function mergeAction(form: FormData) {
  await requireUser();
  const id = idOf(form);
  const into = Number(field(form, "into"));
  try {
    if (!field(form, "into")) throw new IncidentError("Choose the incident to merge into.", "invalid_input");
    await mergeIncident(await getDb(), id, into);
  } catch (err) {
    back(`${BASE}/${id}`, err);
  }
  redirect(`${BASE}/${into}?notice=${encodeURIComponent(`Incident #${id} merged into this one.`)}`);
}
