import { z } from "zod";
import { fieldError } from "../errors";

/**
 * The one rule for a probe region's name (probe --region, probe tokens, a monitor's regions, the
 * push-mode assignments): 1 to 32 lowercase letters, digits and dashes, not starting with a dash.
 * It names rows, log lines and User-Agent headers, so it stays short and plain.
 */
const REGION_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The rule in words, for messages that say what to change. */
export const REGION_NAME_RULE = "lowercase letters, digits and dashes (like eu-west)";

export function isRegionName(name: string): boolean {
  return REGION_NAME.test(name);
}

/** A region name in a zod schema (config, wire contract), with its error in words. */
export const regionNameSchema = z
  .string()
  .regex(REGION_NAME, { error: (iss) => `expected a region name like eu-west (lowercase letters, digits, dashes), got ${JSON.stringify(iss.input)}` });

/** Heartbeat pushes are stored under this region name: no probe runs there (lib/heartbeats/push.ts). */
export const PUSH_REGION = "push";

/** Longer input is refused before it is looked at. */
export const MAX_REGION_INPUT_LENGTH = 64;

/** A region name from a person, or a field error under `field` saying what to change. */
export function parseRegionName(input: unknown, field = "region"): string {
  const name = typeof input === "string" ? input.trim() : "";
  if (!name) throw fieldError(field, `Name the region, in ${REGION_NAME_RULE}.`);
  if (name.length > MAX_REGION_INPUT_LENGTH || !isRegionName(name)) throw fieldError(field, `A region name is 1 to 32 ${REGION_NAME_RULE}, got "${name.slice(0, MAX_REGION_INPUT_LENGTH)}".`);
  if (name === PUSH_REGION) throw fieldError(field, `"${PUSH_REGION}" is where heartbeat pushes are stored: name the probe's region otherwise.`);
  return name;
}
