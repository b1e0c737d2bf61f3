"use server";
import { dashboardActor } from "@/lib/audit/log";
import { getDb } from "@/lib/db/client";
import { fieldError } from "@/lib/errors";
import type { FormState } from "@/lib/http/form-state";
import {
  createIncident,
  editIncident,
  mergeIncident,
  postUpdate,
  publishIncident,
  scheduleMaintenance,
  type CreateIncidentInput,
  type EditIncidentInput,
  type PostUpdateInput,
} from "@/lib/incidents/manage";
import type { ComponentImpact } from "@/lib/db/schema/incidents";
import { closeDrafts } from "@/lib/incidents/close-drafts";
import { MAX_POSTMORTEM_LENGTH, savePostmortem } from "@/lib/incidents/postmortem";
import { renderMarkdown } from "@/lib/incidents/markdown";
import { runFormAction, type FormActionArgs } from "../../_lib/form-action";
import { requireUser } from "../../_lib/session";

/*
 * Thin adapters: read the form, call lib/incidents/manage (which validates with zod), and go to
 * the page. An error comes back as the form's state with what was typed (app/(dashboard)/_lib/form-action.ts),
 * so the forms keep it, with or without JavaScript.
 */

const BASE = "/dashboard/incidents";

const field = (form: FormData, name: string) => String(form.get(name) ?? "");
const idOf = (form: FormData) => Number(field(form, "id"));

/** The forms' names for the input's fields; the id is in the path. */
const FORM = { omit: ["id"], fieldNames: { scheduledFor: "start", scheduledUntil: "end", componentIds: "component", componentImpacts: "components" } };
const notice = (path: string, text: string) => `${path}?notice=${encodeURIComponent(text)}`;

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

export async function createIncidentAction(...args: FormActionArgs): Promise<FormState> {
  const actor = dashboardActor(await requireUser("edit"));
  return runFormAction(args, {
    ...FORM,
    errorPath: () => `${BASE}/new`,
    run: async (form) => {
      const db = await getDb();
      if (field(form, "kind") === "maintenance") {
        const id = await scheduleMaintenance(db, actor, {
          title: field(form, "title"),
          body: field(form, "body"),
          componentIds: componentIdsOf(form),
          scheduledFor: field(form, "start"),
          scheduledUntil: field(form, "end"),
          published: form.has("published"),
        });
        return notice(`${BASE}/${id}`, "Maintenance scheduled.");
      }
      const id = await createIncident(db, actor, {
        title: field(form, "title"),
        status: field(form, "status") as CreateIncidentInput["status"],
        impact: field(form, "impact") as CreateIncidentInput["impact"],
        componentImpacts: componentImpactsOf(form),
        body: field(form, "body"),
        published: form.has("published"),
      });
      return notice(`${BASE}/${id}`, "Incident opened.");
    },
  });
}

export async function postUpdateAction(...args: FormActionArgs): Promise<FormState> {
  const actor = dashboardActor(await requireUser("edit"));
  return runFormAction(args, {
    ...FORM,
    errorPath: (form) => `${BASE}/${idOf(form)}`,
    run: async (form) => {
      const id = idOf(form);
      await postUpdate(await getDb(), actor, id, { status: field(form, "status") as PostUpdateInput["status"], body: field(form, "body") });
      return notice(`${BASE}/${id}`, "Update posted.");
    },
  });
}

export async function editIncidentAction(...args: FormActionArgs): Promise<FormState> {
  const actor = dashboardActor(await requireUser("edit"));
  return runFormAction(args, {
    ...FORM,
    errorPath: (form) => `${BASE}/${idOf(form)}`,
    run: async (form) => {
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
      await editIncident(await getDb(), actor, id, input);
      return notice(`${BASE}/${id}`, "Changes saved.");
    },
  });
}

export async function publishAction(...args: FormActionArgs): Promise<FormState> {
  const actor = dashboardActor(await requireUser("edit"));
  return runFormAction(args, {
    ...FORM,
    errorPath: (form) => `${BASE}/${idOf(form)}`,
    run: async (form) => {
      const id = idOf(form);
      const published = field(form, "published") === "1";
      await publishIncident(await getDb(), actor, id, published);
      return notice(`${BASE}/${id}`, published ? "Published on the status page." : "Hidden from the status page.");
    },
  });
}

export async function mergeAction(...args: FormActionArgs): Promise<FormState> {
  const actor = dashboardActor(await requireUser("edit"));
  return runFormAction(args, {
    ...FORM,
    errorPath: (form) => `${BASE}/${idOf(form)}`,
    run: async (form) => {
      const id = idOf(form);
      if (!field(form, "into")) throw fieldError("into", "Choose the incident to merge into.");
      const into = Number(field(form, "into"));
      await mergeIncident(await getDb(), actor, id, into);
      return notice(`${BASE}/${into}`, `Incident #${id} merged into this one.`);
    },
  });
}

/** The list's bulk form: checked automatic drafts (`id` checkboxes), closed or dismissed by the button pressed (`mode`). */
export async function closeDraftsAction(...args: FormActionArgs): Promise<FormState> {
  const actor = dashboardActor(await requireUser("edit"));
  return runFormAction(args, {
    omit: ["id"],
    errorPath: () => BASE,
    run: async (form) => {
      const mode = field(form, "mode") === "dismiss" ? "dismiss" : "resolve";
      const ids = form.getAll("id").slice(0, 1_000).map((v) => Number(v));
      if (ids.length === 0) throw fieldError("ids", "Choose at least one automatic draft: tick its box in the list.");
      const r = await closeDrafts(await getDb(), actor, { ids, mode, note: field(form, "note") });
      const done = `${r.closed.length} draft${r.closed.length === 1 ? "" : "s"} ${mode === "dismiss" ? "dismissed" : "resolved"}.`;
      return notice(BASE, r.skipped.length ? `${done} Left alone (no longer open automatic drafts): #${r.skipped.join(", #")}.` : done);
    },
  });
}

export async function postmortemAction(...args: FormActionArgs): Promise<FormState> {
  const actor = dashboardActor(await requireUser("edit"));
  return runFormAction(args, {
    ...FORM,
    errorPath: (form) => `${BASE}/${idOf(form)}`,
    run: async (form) => {
      const id = idOf(form);
      const publish = field(form, "publish") === "1";
      const r = await savePostmortem(await getDb(), actor, id, { body: field(form, "body"), publish });
      return notice(`${BASE}/${id}`, r.firstPublished ? "Postmortem published." : "Postmortem saved.");
    },
  });
}

/**
 * The Preview button's answer: the text rendered by the public page's sanitizing renderer. For
 * editors (who write incidents); Next accepts server actions from the page's own origin only;
 * the text is bounded like the longest field it previews.
 */
export async function previewMarkdownAction(text: unknown): Promise<{ html?: string; error?: string }> {
  await requireUser("edit");
  if (typeof text !== "string") return { error: "Nothing to preview." };
  if (text.length > MAX_POSTMORTEM_LENGTH) return { error: `Too long to preview: at most ${MAX_POSTMORTEM_LENGTH} characters.` };
  return { html: renderMarkdown(text) };
}
