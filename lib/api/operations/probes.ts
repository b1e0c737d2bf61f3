/** /api/v1 probe regions and their push-mode tokens: regions are read by any role; tokens and changes are admins'. */
import { z } from "zod";
import { MAX_REGION_INPUT_LENGTH } from "../../regions/name";
import { defineOperation } from "../operation";
import { idParam, time } from "../schemas";

const regionName = z.string().max(MAX_REGION_INPUT_LENGTH, { error: `A region name is at most 32 characters.` }).meta({ description: "1 to 32 lowercase letters, digits and dashes, like eu-west." });

export const region = z.object({
  name: z.string(),
  createdAt: time,
  lastPulseAt: time.nullable().meta({ description: "The region's probe's last report (null: never)." }),
  lastResultAt: time.nullable().meta({ description: "The newest result from this region, as the coordinator folded it." }),
  silent: z.boolean().meta({ description: "No report for 30 s (or never): its monitors fall back to the other regions." }),
  activeTokens: z.number().int(),
});

export const probeToken = z.object({
  id: z.number().int(),
  region: z.string(),
  createdAt: time,
  lastUsedAt: time.nullable(),
  revokedAt: time.nullable(),
});

export const listRegionsOp = defineOperation({
  id: "listRegions",
  method: "GET",
  path: "/regions",
  tag: "Probes",
  summary: "Probe regions by name, with their last report and whether they are silent",
  permission: "read",
  response: z.object({ items: z.array(region) }),
});

export const createRegionOp = defineOperation({
  id: "createRegion",
  method: "POST",
  path: "/regions",
  tag: "Probes",
  summary: "Add a probe region ahead of its probe (admins)",
  permission: "admin",
  body: z.object({ name: regionName }),
  response: region,
  status: 201,
  conflict: true,
});

export const listProbeTokensOp = defineOperation({
  id: "listProbeTokens",
  method: "GET",
  path: "/probe-tokens",
  tag: "Probes",
  summary: "Push-mode probe tokens, newest first, revoked ones included (admins; never the token itself)",
  permission: "admin",
  response: z.object({ items: z.array(probeToken) }),
});

export const createProbeTokenOp = defineOperation({
  id: "createProbeToken",
  method: "POST",
  path: "/probe-tokens",
  tag: "Probes",
  summary: "Create a token for a region's remote probe; the answer is the only time the token is shown (admins)",
  description: "Run the probe with it: `PROBE_TOKEN=pt_… npm run worker -- --role probe --region <region> --hub <this app's URL>`. The region is added if it is new.",
  permission: "admin",
  body: z.object({ region: regionName }),
  response: probeToken.extend({ token: z.string().meta({ description: "pt_…: shown only in this answer, stored as a hash." }) }),
  status: 201,
});

export const revokeProbeTokenOp = defineOperation({
  id: "revokeProbeToken",
  method: "DELETE",
  path: "/probe-tokens/{id}",
  tag: "Probes",
  summary: "Revoke a probe token: its next push is refused (admins)",
  permission: "admin",
  params: z.object({ id: idParam }),
  response: probeToken,
  conflict: true,
});
