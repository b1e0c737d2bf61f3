"use client";
import { useEffect, useRef, useState } from "react";
import type { LiveOverview as LiveData } from "@/lib/dashboard/overview";
import { fmtDuration } from "./format";

/**
 * Polls the overview's JSON every `intervalMs` and updates the rows' states, times in state and
 * the summary counts in place (the page is server-rendered; this only edits the marked spots).
 * Stops when the session ends or the tab is hidden; announces state changes politely.
 */
export function LiveOverview({ src, intervalMs }: { src: string; intervalMs: number }) {
  const [note, setNote] = useState("");
  const [changed, setChanged] = useState(false);
  const [announce, setAnnounce] = useState("");
  const stopped = useRef(false);

  useEffect(() => {
    const tick = async () => {
      if (stopped.current || document.hidden) return;
      let data: LiveData;
      try {
        const res = await fetch(src, { headers: { accept: "application/json" }, cache: "no-store", credentials: "same-origin", redirect: "manual" });
        if (res.type === "opaqueredirect" || res.status === 401 || res.status === 403) {
          stopped.current = true;
          setNote("Live updates stopped: sign in again.");
          return;
        }
        if (!res.ok) throw new Error(String(res.status));
        data = (await res.json()) as LiveData;
      } catch {
        setNote("Live update failed; retrying.");
        return;
      }
      const spoken: string[] = [];
      const onPage = new Set<string>();
      for (const row of data.rows) {
        const el = document.querySelector<HTMLElement>(`[data-monitor="${CSS.escape(row.key)}"]`);
        if (!el) continue;
        onPage.add(row.key);
        const state = el.querySelector<HTMLElement>('[data-live="state"]');
        if (state && state.dataset.status !== row.state) {
          state.dataset.status = row.state;
          const text = state.querySelector<HTMLElement>('[data-live="label"]');
          if (text) text.textContent = row.label;
          el.dataset.state = row.state;
          spoken.push(`${el.dataset.name ?? row.key}: ${row.label}`);
        }
        const since = el.querySelector<HTMLElement>('[data-live="since"]');
        if (since) since.textContent = row.since === null ? "" : `for ${fmtDuration(Math.max(0, data.generatedAt - row.since))}`;
      }
      for (const [state, n] of Object.entries(data.summary)) {
        const count = document.querySelector<HTMLElement>(`[data-live-count="${state}"]`);
        if (count) count.textContent = String(n);
      }
      const rendered = document.querySelectorAll("[data-monitor][data-live-row]").length;
      setChanged(onPage.size !== data.rows.length || rendered !== data.rows.length);
      if (spoken.length) setAnnounce(spoken.join(". "));
      setNote(`Updated ${new Date(data.generatedAt).toLocaleTimeString("en-GB", { timeZone: "UTC" })} UTC`);
    };
    const timer = setInterval(tick, intervalMs);
    const onVisible = () => void (document.hidden ? null : tick());
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [src, intervalMs]);

  return (
    <>
      <span className="muted" data-testid="live-note">{note || `Live: updates every ${intervalMs / 1000} s`}</span>
      {changed ? <span className="warning-text"> The list changed: refresh to see it in order.</span> : null}
      <span className="visually-hidden" aria-live="polite">{announce}</span>
    </>
  );
}
