import { z } from "zod";

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_UNITS: Record<string, number> = { B: 1, KB: 1_000, KiB: 1_024, MB: 1_000_000, MiB: 1_048_576, GB: 1e9, GiB: 1_073_741_824 };

/** "500ms", "30s", "2m", "1h", "1d" → milliseconds. Returns undefined for anything else. */
export function parseDurationMs(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * DURATION_UNITS_MS[m[2]]);
}

/** Human form of a duration in milliseconds: 2000 → "2s", 90000 → "90s", 500 → "500ms". */
export function formatDurationMs(ms: number): string {
  if (ms % 3_600_000 === 0 && ms >= 3_600_000) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms >= 120_000) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0 && ms >= 1_000) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

/** A duration as the config file writes it: whole days as "7d", else as formatDurationMs does ("90s", "5m"). */
export function fileDuration(ms: number): string {
  return ms >= 86_400_000 && ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : formatDurationMs(ms);
}

/** "1MiB", "512KB", "2048B" → bytes. */
export function parseSizeBytes(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)\s*$/.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * SIZE_UNITS[m[2]]);
}

/**
 * Human form of a size in bytes, in the binary units the config accepts: 1048576 → "1 MiB",
 * 65536 → "64 KiB", 1536 → "1.5 KiB", 100 → "100 bytes". At most two decimals.
 */
export function formatSizeBytes(bytes: number): string {
  for (const [unit, size] of [["GiB", 1_073_741_824], ["MiB", 1_048_576], ["KiB", 1_024]] as const) {
    if (bytes >= size) return `${Math.round((bytes / size) * 100) / 100} ${unit}`;
  }
  return bytes === 1 ? "1 byte" : `${bytes} bytes`;
}

/** A zod field for a duration written with a unit; its output is milliseconds. */
export function durationMs(opts: { min?: number; max?: number } = {}) {
  return z.string({ error: 'expected a duration with a unit, like "30s" or "500ms"' }).transform((text, ctx) => {
    const ms = parseDurationMs(text);
    if (ms === undefined) {
      ctx.addIssue({ code: "custom", message: `expected a duration with a unit, like "30s" or "500ms", got "${text}"` });
      return z.NEVER;
    }
    if (opts.min !== undefined && ms < opts.min) {
      ctx.addIssue({ code: "custom", message: `must be at least ${formatDurationMs(opts.min)}, got ${text.trim()}` });
      return z.NEVER;
    }
    if (opts.max !== undefined && ms > opts.max) {
      ctx.addIssue({ code: "custom", message: `must be at most ${formatDurationMs(opts.max)}, got ${text.trim()}` });
      return z.NEVER;
    }
    return ms;
  });
}

/** A zod field for a size with a unit ("1MiB"); its output is bytes. */
export function sizeBytes(opts: { min?: number; max?: number } = {}) {
  return z.string({ error: 'expected a size with a unit, like "1MiB" or "512KB"' }).transform((text, ctx) => {
    const bytes = parseSizeBytes(text);
    if (bytes === undefined) {
      ctx.addIssue({ code: "custom", message: `expected a size with a unit, like "1MiB" or "512KB", got "${text}"` });
      return z.NEVER;
    }
    if ((opts.min !== undefined && bytes < opts.min) || (opts.max !== undefined && bytes > opts.max)) {
      ctx.addIssue({ code: "custom", message: `must be between ${opts.min ?? 0} and ${opts.max ?? Infinity} bytes, got ${text.trim()}` });
      return z.NEVER;
    }
    return bytes;
  });
}
