"use client";
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { PhasePoint } from "@/lib/dashboard/monitors";
import { chartTimeFormat } from "./chart-time";

const PHASES = [
  { key: "dnsMs", name: "DNS", color: "#7c5cff" },
  { key: "connectMs", name: "Connect", color: "#1d9bd1" },
  { key: "tlsMs", name: "TLS", color: "#20a37a" },
  { key: "firstByteMs", name: "First byte", color: "#e0a31a" },
  { key: "transferMs", name: "Transfer", color: "#e0483c" },
] as const;

/** Mean latency by phase per bucket, stacked, over a range. */
export function PhaseChart({ points, from, to, bucketMs }: { points: PhasePoint[]; from: number; to: number; bucketMs: number }) {
  const { tick, label } = chartTimeFormat(to - from, bucketMs);
  const ticks = Array.from({ length: 6 }, (_, i) => Math.round(from + (i * (to - from)) / 5));
  return (
    <div style={{ width: "100%", height: 280 }}>
      <ResponsiveContainer>
        <AreaChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="at" type="number" domain={[from, to]} scale="time" ticks={ticks} tickFormatter={tick} stroke="var(--muted)" fontSize={12} minTickGap={28} />
          <YAxis unit=" ms" stroke="var(--muted)" fontSize={12} width={72} />
          <Tooltip
            labelFormatter={(v) => label(Number(v))}
            formatter={(v) => `${Number(v).toFixed(2)} ms`}
            contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", color: "var(--text)" }}
          />
          <Legend />
          {PHASES.map((p) => (
            <Area key={p.key} type="monotone" dataKey={p.key} name={p.name} stackId="1" stroke={p.color} fill={p.color} fillOpacity={0.35} connectNulls isAnimationActive={false} dot={points.length < 3} />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
