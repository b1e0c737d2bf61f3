/**
 * /api/v1 alert channels and escalation policies over lib/notify/manage.ts and policies.ts.
 * Bodies are entries as status.config.yaml writes them, validated by the file's own schemas;
 * answers never hold a secret (settings are masked). Changing them needs the admin role (a
 * channel holds credentials); sending a test message, the editor role.
 */
import { z } from "zod";
import { CHANNEL_TYPES, type ChannelType } from "../../notify/index";
import { defineOperation } from "../operation";
import { keyParam } from "../schemas";

const CHANNEL_TYPE_NAMES = Object.keys(CHANNEL_TYPES) as [ChannelType, ...ChannelType[]];
const origin = z.enum(["config", "ui"]).meta({ description: "config: declared in status.config.yaml, read-only here (change the file); ui: made in the dashboard or this API." });

export const channel = z.object({
  key: z.string(),
  name: z.string(),
  type: z.string().meta({ description: `One of ${CHANNEL_TYPE_NAMES.join(", ")}.` }),
  origin,
  settings: z.record(z.string(), z.string()).meta({ description: "The type's settings as text, every secret and every URL masked (a URL shows its scheme, host and last 4 characters: its path may be a credential)." }),
  usedBy: z.array(z.string()).meta({ description: 'Escalation steps that tell it, in words ("default: step 2 after 5 min").' }),
});

const channelEntry = z
  .looseObject({
    key: z.string().max(64),
    name: z.string().max(200).optional(),
    type: z.enum(CHANNEL_TYPE_NAMES),
  })
  .meta({
    description:
      "A channel as status.config.yaml writes it: key, name, type and the type's own settings beside them (email: to; slack and discord: webhookUrl; webhook: url, secret; sms: accountSid, authToken, from, to, baseUrl; ntfy: url, token).",
  });

const channelChanges = z.record(z.string(), z.unknown()).meta({
  description: "Fields to change, as in the entry; null removes an optional field. A secret left out, empty or null keeps the stored one (null removes an optional secret such as ntfy's token). key and type do not change.",
});

const byKey = z.object({ key: keyParam });

export const listChannelsOp = defineOperation({
  id: "listChannels",
  method: "GET",
  path: "/channels",
  tag: "Alerting",
  summary: "List alert channels, secrets masked",
  permission: "read",
  response: z.object({ items: z.array(channel) }),
});

export const getChannelOp = defineOperation({
  id: "getChannel",
  method: "GET",
  path: "/channels/{key}",
  tag: "Alerting",
  summary: "One alert channel, secrets masked",
  permission: "read",
  params: byKey,
  response: channel,
});

export const createChannelOp = defineOperation({
  id: "createChannel",
  method: "POST",
  path: "/channels",
  tag: "Alerting",
  summary: "Create an alert channel (admins)",
  permission: "admin",
  body: channelEntry,
  response: channel,
  status: 201,
});

export const updateChannelOp = defineOperation({
  id: "updateChannel",
  method: "PATCH",
  path: "/channels/{key}",
  tag: "Alerting",
  summary: "Change an alert channel made in the dashboard or API (admins)",
  permission: "admin",
  params: byKey,
  body: channelChanges,
  response: channel,
  conflict: true,
});

export const archiveChannelOp = defineOperation({
  id: "archiveChannel",
  method: "DELETE",
  path: "/channels/{key}",
  tag: "Alerting",
  summary: "Archive an alert channel no escalation policy uses (admins)",
  permission: "admin",
  params: byKey,
  response: z.object({ key: z.string(), archived: z.literal(true) }),
  conflict: true,
});

export const testChannelOp = defineOperation({
  id: "testChannel",
  method: "POST",
  path: "/channels/{key}/test",
  tag: "Alerting",
  summary: "Send a test message to a channel now and answer how it went (editors; 5 a minute per user)",
  description: "The delivery runs while you wait, bounded by 10 s. A failed delivery is still a 200 answer, with ok false and the error in detail.",
  permission: "edit",
  params: byKey,
  response: z.object({
    ok: z.boolean(),
    detail: z.string().meta({ description: 'The receiver\'s receipt ("HTTP 200", "SMTP 250 …") or the error in words.' }),
    latencyMs: z.number().int(),
  }),
});

export const escalationPolicy = z.object({
  key: z.string(),
  name: z.string(),
  origin,
  steps: z.array(z.object({ afterMs: z.number().int(), channels: z.array(z.string()).meta({ description: "Channel keys." }) })).meta({ description: "In order of delay after the alert opened." }),
  repeatEveryMs: z.number().int().nullable().meta({ description: "The last step repeats this often until acknowledged; null: no reminders." }),
  monitors: z.array(z.string()).meta({ description: "Keys of the monitors that follow it." }),
});

const policyEntry = z
  .looseObject({
    key: z.string().max(64),
    name: z.string().max(200).optional(),
    steps: z.array(z.looseObject({ after: z.string().max(20).optional(), channels: z.array(z.string().max(64)).max(50) })).max(20),
    repeat: z.string().max(20).optional(),
  })
  .meta({ description: 'A policy as status.config.yaml writes it: steps of { after: "5m", channels: [keys] } and an optional repeat: "30m".' });

const policyChanges = z.record(z.string(), z.unknown()).meta({ description: "Fields to change, as in the entry (steps are replaced whole); repeat: null stops reminders. key does not change." });

export const listPoliciesOp = defineOperation({
  id: "listEscalationPolicies",
  method: "GET",
  path: "/escalation-policies",
  tag: "Alerting",
  summary: "List escalation policies",
  permission: "read",
  response: z.object({ items: z.array(escalationPolicy) }),
});

export const createPolicyOp = defineOperation({
  id: "createEscalationPolicy",
  method: "POST",
  path: "/escalation-policies",
  tag: "Alerting",
  summary: "Create an escalation policy (admins)",
  permission: "admin",
  body: policyEntry,
  response: escalationPolicy,
  status: 201,
});

export const updatePolicyOp = defineOperation({
  id: "updateEscalationPolicy",
  method: "PATCH",
  path: "/escalation-policies/{key}",
  tag: "Alerting",
  summary: "Change an escalation policy made in the dashboard or API (admins)",
  permission: "admin",
  params: byKey,
  body: policyChanges,
  response: escalationPolicy,
  conflict: true,
});

export const archivePolicyOp = defineOperation({
  id: "archiveEscalationPolicy",
  method: "DELETE",
  path: "/escalation-policies/{key}",
  tag: "Alerting",
  summary: "Archive an escalation policy no monitor follows (admins)",
  permission: "admin",
  params: byKey,
  response: z.object({ key: z.string(), archived: z.literal(true) }),
  conflict: true,
});
