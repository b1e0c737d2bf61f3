"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { LatencyPoint } from "@/lib/dashboard/monitors";
import { chartTimeFormat } from "./chart-time";

const LINES = [
  { key: "p50Ms", name: "p50", color: "#1d9bd1", dash: undefined },
  { key: "p95Ms", name: "p95", color: "#e0a31a", dash: "6 3" },
  { key: "p99Ms", name: "p99", color: "#e0483c", dash: "2 3" },
] as const;

/** p50/p95/p99 per bucket over a range (gaps where nothing answered); lines differ by dash too, not colour alone. */
export function LatencyChart({ points, from, to, bucketMs, height = 260 }: { points: LatencyPoint[]; from: number; to: number; bucketMs: number; height?: number }) {
  const { tick, label } = chartTimeFormat(to - from, bucketMs);
  const ticks = Array.from({ length: 6 }, (_, i) => Math.round(from + (i * (to - from)) / 5));
  return (
    <div style={{ width: "100%", height }}>
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="at" type="number" domain={[from, to]} scale="time" ticks={ticks} tickFormatter={tick} stroke="var(--muted)" fontSize={12} minTickGap={28} />
          <YAxis unit=" ms" stroke="var(--muted)" fontSize={12} width={72} />
          <Tooltip
            labelFormatter={(v) => label(Number(v))}
            formatter={(v) => (v === null || v === undefined ? "–" : `${Number(v).toFixed(1)} ms`)}
            contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", color: "var(--text)" }}
          />
          <Legend />
          {LINES.map((l) => (
            <Line key={l.key} type="monotone" dataKey={l.key} name={l.name} stroke={l.color} strokeDasharray={l.dash} strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
