"use client";
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { PhasePoint } from "@/lib/dashboard/monitors";

const PHASES = [
  { key: "dnsMs", name: "DNS", color: "#7c5cff" },
  { key: "connectMs", name: "Connect", color: "#1d9bd1" },
  { key: "tlsMs", name: "TLS", color: "#20a37a" },
  { key: "firstByteMs", name: "First byte", color: "#e0a31a" },
  { key: "transferMs", name: "Transfer", color: "#e0483c" },
] as const;

const time = (ms: number) => new Date(ms).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

/** Mean latency by phase, stacked, over the last 24 hours. */
export function PhaseChart({ points }: { points: PhasePoint[] }) {
  return (
    <div style={{ width: "100%", height: 280 }}>
      <ResponsiveContainer>
        <AreaChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="at" tickFormatter={time} stroke="var(--muted)" fontSize={12} minTickGap={24} />
          <YAxis unit=" ms" stroke="var(--muted)" fontSize={12} width={64} />
          <Tooltip
            labelFormatter={(v) => `${time(Number(v))} UTC`}
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
