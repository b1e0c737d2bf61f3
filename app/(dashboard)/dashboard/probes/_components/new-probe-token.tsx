"use client";
import { useState } from "react";
import { useFormState } from "../../../_components/action-form";
import k from "../../api-keys/api-keys.module.css";
import s from "../probes.module.css";

/** A new probe token, shown once after the create form succeeds, with the command that runs its probe. */
export function NewProbeToken() {
  const shown = useFormState().shown;
  const [copied, setCopied] = useState<string | null>(null);
  if (!shown?.token) return null;
  const command = `PROBE_TOKEN=${shown.token} npm run worker -- --role probe --region ${shown.region} --hub ${shown.hub}`;
  const copy = async (what: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what);
    } catch {
      setCopied(null);
    }
  };
  return (
    <div className={k.secret} role="status" data-testid="new-probe-token">
      <p>
        <strong>Token #{shown.id} for {shown.region} created.</strong> Copy it now: it is not shown again.
      </p>
      <label htmlFor="new-probe-token">Token</label>
      <div className={s.copyRow}>
        <input id="new-probe-token" className={k.secretValue} type="text" readOnly value={shown.token} spellCheck={false} autoComplete="off" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="secondary" onClick={() => copy("token", shown.token)}>
          Copy token
        </button>
      </div>
      <label htmlFor="probe-command">Run the probe on the region&rsquo;s machine (from a checkout of this app)</label>
      <div className={s.copyRow}>
        <textarea id="probe-command" className={k.secretValue} readOnly rows={3} value={command} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="secondary" onClick={() => copy("command", command)}>
          Copy command
        </button>
      </div>
      <p className="muted" aria-live="polite">
        {copied ? `Copied the ${copied}.` : "It pulls its monitors from this hub and pushes results back, keeping them in a local outbox while the hub is unreachable."}
      </p>
    </div>
  );
}
