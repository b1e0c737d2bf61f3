"use client";
import { useFormState } from "../../../_components/action-form";
import s from "../api-keys.module.css";

/** A new key's secret, shown once after the create form succeeds. */
export function NewSecret() {
  const shown = useFormState().shown;
  if (!shown?.secret) return null;
  return (
    <div className={s.secret} role="status" data-testid="new-secret">
      <p>
        <strong>Key “{shown.name}” created.</strong> Copy the secret now: it is not shown again.
      </p>
      <label htmlFor="new-secret">Secret</label>
      <input id="new-secret" className={s.secretValue} type="text" readOnly value={shown.secret} spellCheck={false} autoComplete="off" onFocus={(e) => e.currentTarget.select()} />
      <p className="muted">Send it as <code>Authorization: Bearer …</code> to <code>/api/v1</code>.</p>
    </div>
  );
}
