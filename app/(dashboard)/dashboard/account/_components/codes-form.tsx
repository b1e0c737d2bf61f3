"use client";
import { useActionState, type ReactNode } from "react";
import type { CodesState } from "../actions";

type Action = (state: CodesState, form: FormData) => Promise<CodesState>;

/**
 * A form whose success is a list of recovery codes, shown once in place of the form. The one
 * field (`name`) shows its error beside it, as the other dashboard forms do.
 */
export function CodesForm({ action, name, label, type, autoComplete, submit }: { action: Action; name: string; label: ReactNode; type: "text" | "password"; autoComplete: string; submit: string }) {
  const [state, formAction] = useActionState(action, {});
  if (state.codes) {
    return (
      <div data-testid="recovery-codes">
        <p role="status">
          <strong>Save these recovery codes now</strong>: each signs you in once if you lose your phone. They are not shown again.
        </p>
        <ul className="recovery-codes">
          {state.codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <p>
          <a href="/dashboard/account">I have saved them</a>
        </p>
      </div>
    );
  }
  const id = `${name}-field`;
  const errors = state.fieldErrors?.[name];
  return (
    <form action={formAction} className="stack">
      {state.error ? (
        <p className="error" role="alert">
          {state.error}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          name={name}
          type={type}
          autoComplete={autoComplete}
          required
          maxLength={type === "password" ? 1024 : 64}
          inputMode={type === "text" ? "numeric" : undefined}
          aria-invalid={errors ? true : undefined}
          aria-describedby={errors ? `${id}-error` : undefined}
        />
        {errors ? (
          <span className="error" id={`${id}-error`}>
            {errors.join(" ")}
          </span>
        ) : null}
      </div>
      <button type="submit">{submit}</button>
    </form>
  );
}
