/**
 * The dashboard's channel and escalation policy forms: which fields each shows, and how their flat
 * text values become an entry as the config file writes it (validation is ./manage.ts's and
 * ./policies.ts's, with the file's messages). A secret field is never filled in: left blank on an
 * edit, it keeps the stored secret.
 */
import { formatDurationMs } from "../config/units";
import type { ChannelType } from "./index";

export interface ChannelFormField {
  name: string;
  label: string;
  kind: "text" | "list" | "secret";
  required?: boolean;
  placeholder?: string;
  hint?: string;
}

export const CHANNEL_TYPE_LABELS: Record<ChannelType, string> = { email: "Email", slack: "Slack", discord: "Discord", webhook: "Webhook", sms: "SMS (Twilio)", ntfy: "ntfy" };

export const CHANNEL_FORM_FIELDS: Record<ChannelType, readonly ChannelFormField[]> = {
  email: [{ name: "to", label: "Send to", kind: "list", required: true, placeholder: "ops@example.com, oncall@example.com", hint: "Addresses separated by commas; the server is SMTP_URL's." }],
  slack: [{ name: "webhookUrl", label: "Incoming webhook URL", kind: "secret", required: true, placeholder: "https://hooks.slack.com/services/…", hint: "Slack app → Incoming Webhooks. It is the credential: stored encrypted, shown masked." }],
  discord: [{ name: "webhookUrl", label: "Webhook URL", kind: "secret", required: true, placeholder: "https://discord.com/api/webhooks/…", hint: "Channel settings → Integrations → Webhooks. Stored encrypted, shown masked." }],
  webhook: [
    { name: "url", label: "URL", kind: "text", required: true, placeholder: "https://example.com/hooks/status", hint: "Receives a POST signed per Standard Webhooks." },
    { name: "secret", label: "Signing secret", kind: "secret", required: true, placeholder: "whsec_…", hint: 'Make one with: echo "whsec_$(openssl rand -base64 32)". The receiver needs the same string.' },
  ],
  sms: [
    { name: "accountSid", label: "Twilio Account SID", kind: "text", required: true, placeholder: "AC…" },
    { name: "authToken", label: "Twilio Auth Token", kind: "secret", required: true },
    { name: "from", label: "From", kind: "text", required: true, placeholder: "+14155550100", hint: "The sending number, or a Messaging Service SID (MG…)." },
    { name: "to", label: "Send to", kind: "list", required: true, placeholder: "+14155550123", hint: "Numbers in E.164 form, separated by commas." },
    { name: "baseUrl", label: "API origin", kind: "text", hint: "Optional: Twilio's API by default." },
  ],
  ntfy: [
    { name: "url", label: "Topic URL", kind: "text", required: true, placeholder: "https://ntfy.sh/my-team-alerts" },
    { name: "token", label: "Access token", kind: "secret", hint: "Optional (tk_…), for a protected topic." },
  ],
};

/** Name and key come first on every channel form; the key is fixed once created. */
export const CHANNEL_COMMON_FIELDS: readonly ChannelFormField[] = [
  { name: "name", label: "Name", kind: "text", required: true, placeholder: "Ops on Slack" },
  { name: "key", label: "Key", kind: "text", required: true, placeholder: "ops-slack", hint: "Lowercase letters, digits and dashes; policies name it; it cannot change later." },
];

const splitList = (text: string) => text.split(",").map((s) => s.trim()).filter(Boolean);

/**
 * The form as an entry (new channel: blank fields left out) or as changes (edit: a blank field is
 * null, i.e. removed, except a blank secret, which is left out, i.e. kept).
 */
export function channelEntryFromForm(type: ChannelType, values: (name: string) => string | null, mode: "create" | "edit"): Record<string, unknown> {
  const entry: Record<string, unknown> = mode === "create" ? { key: values("key")?.trim() ?? "", type } : {};
  const name = values("name")?.trim();
  if (name) entry.name = name;
  for (const field of CHANNEL_FORM_FIELDS[type]) {
    const text = values(field.name)?.trim() ?? "";
    if (text === "") {
      if (mode === "edit" && field.kind !== "secret") entry[field.name] = null;
      continue;
    }
    entry[field.name] = field.kind === "list" ? splitList(text) : text;
  }
  return entry;
}

/** Step rows the policy form shows (a longer policy is written in the API or the file). */
export const POLICY_FORM_STEPS = 4;

/** The policy form as an entry: rows without channels are left out; blank `after` is at once. */
export function policyEntryFromForm(values: (name: string) => string | null, mode: "create" | "edit"): Record<string, unknown> {
  const entry: Record<string, unknown> = mode === "create" ? { key: values("key")?.trim() ?? "" } : {};
  const name = values("name")?.trim();
  if (name) entry.name = name;
  const steps: Record<string, unknown>[] = [];
  for (let i = 0; i < POLICY_FORM_STEPS; i++) {
    const channels = splitList(values(`step${i}Channels`) ?? "");
    if (channels.length === 0) continue;
    const after = values(`step${i}After`)?.trim();
    steps.push({ ...(after ? { after } : {}), channels });
  }
  entry.steps = steps;
  const repeat = values("repeat")?.trim();
  if (repeat) entry.repeat = repeat;
  else if (mode === "edit") entry.repeat = null;
  return entry;
}

/** The policy form's text values of a stored policy (to fill the edit form). */
export function policyFormValues(p: { name: string; steps: { afterMs: number; channels: string[] }[]; repeatEveryMs: number | null }): Record<string, string> {
  const out: Record<string, string> = { name: p.name, repeat: p.repeatEveryMs === null ? "" : formatDurationMs(p.repeatEveryMs) };
  p.steps.slice(0, POLICY_FORM_STEPS).forEach((step, i) => {
    out[`step${i}After`] = step.afterMs === 0 ? "" : formatDurationMs(step.afterMs);
    out[`step${i}Channels`] = step.channels.join(", ");
  });
  return out;
}
