"use server";
import { getDb } from "@/lib/db/client";
import { dashboardActor } from "@/lib/audit/log";
import { UserError } from "@/lib/errors";
import type { FormState } from "@/lib/http/form-state";
import { CHANNEL_TYPES, isChannelType } from "@/lib/notify/index";
import { channelEntryFromForm, policyEntryFromForm } from "@/lib/notify/form";
import { archiveChannel, createChannel, liveChannel, updateChannel } from "@/lib/notify/manage";
import { archivePolicy, createPolicy, updatePolicy } from "@/lib/notify/policies";
import { describeTestDelivery, sendTestMessage } from "@/lib/notify/test-message";
import { runFormAction, type FormActionArgs } from "../../_lib/form-action";
import { requireUser } from "../../_lib/session";

/*
 * Thin adapters over lib/notify/manage.ts, policies.ts and test-message.ts. Channels and policies
 * hold credentials and decide who is woken: changing them needs the admin role; sending a test
 * message, the editor role (it changes nothing). Secret fields are never sent back to the form.
 */

const BASE = "/dashboard/notifications";
/** Never typed back into a form or a URL after an error. */
const SECRET_FIELDS = [...new Set(Object.values(CHANNEL_TYPES).flatMap((c) => c.secretFields))];
const field = (form: FormData, name: string) => String(form.get(name) ?? "");
const values = (form: FormData) => (name: string) => (form.has(name) ? field(form, name) : null);
const notice = (text: string) => `${BASE}?notice=${encodeURIComponent(text)}`;

function formType(form: FormData) {
  const type = field(form, "type");
  if (!isChannelType(type)) throw new UserError("invalid_input", `Unknown channel type ${JSON.stringify(type)}.`);
  return type;
}

const admin = async () => dashboardActor(await requireUser("admin"));

export async function createChannelAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("admin");
  return runFormAction(args, {
    omit: SECRET_FIELDS,
    errorPath: (form) => `${BASE}/channels/new?type=${encodeURIComponent(field(form, "type"))}`,
    run: async (form) => {
      const row = await createChannel(await getDb(), await admin(), channelEntryFromForm(formType(form), values(form), "create"));
      return notice(`Channel "${row.key}" created: send it a test message to check it.`);
    },
  });
}

export async function updateChannelAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("admin");
  return runFormAction(args, {
    omit: ["key", ...SECRET_FIELDS],
    errorPath: (form) => `${BASE}/channels/${encodeURIComponent(field(form, "key"))}/edit`,
    run: async (form) => {
      const actor = await admin();
      const db = await getDb();
      const row = await liveChannel(db, field(form, "key"));
      if (!isChannelType(row.type)) throw new UserError("invalid_input", `The dashboard does not edit ${row.type} channels.`);
      await updateChannel(db, actor, row.key, channelEntryFromForm(row.type, values(form), "edit"));
      return notice(`Channel "${row.key}" saved.`);
    },
  });
}

export async function archiveChannelAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("admin");
  return runFormAction(args, {
    errorPath: () => BASE,
    run: async (form) => {
      const actor = await admin();
      await archiveChannel(await getDb(), actor, field(form, "key"));
      return notice(`Channel "${field(form, "key")}" archived; its delivery log is kept.`);
    },
  });
}

/** Stays on the page: the result is shown beside the button ("Delivered in 123 ms: HTTP 200"). */
export async function testChannelAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("edit");
  return runFormAction(args, {
    errorPath: () => BASE,
    run: async (form) => {
      const actor = dashboardActor(await requireUser("edit"));
      const result = await sendTestMessage(await getDb(), actor, field(form, "key"));
      const text = describeTestDelivery(result);
      return result.ok ? { shown: { test: text } } : { error: text };
    },
  });
}

export async function createPolicyAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("admin");
  return runFormAction(args, {
    errorPath: () => `${BASE}/policies/new`,
    run: async (form) => {
      const row = await createPolicy(await getDb(), await admin(), policyEntryFromForm(values(form), "create"));
      return notice(`Escalation policy "${row.key}" created.`);
    },
  });
}

export async function updatePolicyAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("admin");
  return runFormAction(args, {
    omit: ["key"],
    errorPath: (form) => `${BASE}/policies/${encodeURIComponent(field(form, "key"))}/edit`,
    run: async (form) => {
      const row = await updatePolicy(await getDb(), await admin(), field(form, "key"), policyEntryFromForm(values(form), "edit"));
      return notice(`Escalation policy "${row.key}" saved.`);
    },
  });
}

export async function archivePolicyAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("admin");
  return runFormAction(args, {
    errorPath: () => BASE,
    run: async (form) => {
      const actor = await admin();
      await archivePolicy(await getDb(), actor, field(form, "key"));
      return notice(`Escalation policy "${field(form, "key")}" archived.`);
    },
  });
}
