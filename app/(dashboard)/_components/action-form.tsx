"use client";
import { createContext, useActionState, useContext, type ComponentProps, type ElementType, type ReactNode } from "react";
import type { FormState } from "@/lib/http/form-state";

/**
 * Dashboard forms bound to a server action through useActionState (with or without JavaScript):
 * after an error the form shows the message, each field fills in again from what was typed
 * (React resets a form after its action, to these defaults) and shows its own errors beside it.
 */

type Action = (state: FormState, form: FormData) => Promise<FormState>;

const StateContext = createContext<FormState>({});

export function ActionForm({ action, initial = {}, children, ...props }: { action: Action; initial?: FormState; children: ReactNode } & Omit<ComponentProps<"form">, "action">) {
  const [state, formAction] = useActionState(action, initial);
  return (
    <form {...props} action={formAction}>
      {state.error ? (
        <p className="error" role="alert">
          {state.error}
        </p>
      ) : null}
      <StateContext value={state}>{children}</StateContext>
    </form>
  );
}

/** The state the form came back with (for a part of it that shows a success in place). */
export function useFormState(): FormState {
  return useContext(StateContext);
}

/**
 * Whether the form came back with what was sent (after an error), the field's values in it (none
 * for an unchecked box or a disabled field), and its error messages with their element id.
 */
function useField(name: string, id: string) {
  const state = useContext(StateContext);
  const errors = state.fieldErrors?.[name] ?? [];
  return { sent: state.values !== undefined, typed: state.values?.[name], errors, errorId: errors.length ? `${id}-error` : undefined };
}

const describedBy = (...ids: (string | undefined)[]) => ids.filter(Boolean).join(" ") || undefined;

type Named<P> = P & { name: string; id: string; defaultValue?: P extends { defaultValue?: infer V } ? V : never };

/** The props a text control takes from the state (its typed value, its errors) and the errors to show after it. */
function useControl({ name, id, defaultValue, "aria-describedby": hint }: { name: string; id: string; defaultValue?: unknown; "aria-describedby"?: string }) {
  const f = useField(name, id);
  const control = {
    id,
    name,
    defaultValue: (f.typed?.[0] ?? defaultValue) as string | undefined,
    "aria-invalid": f.errorId ? true : undefined,
    "aria-describedby": describedBy(hint, f.errorId),
  };
  const errors = f.errorId ? (
    <span className="error" id={f.errorId}>
      {f.errors.join(" ")}
    </span>
  ) : null;
  return { control, errors };
}

type Controls = { input: ComponentProps<"input">; textarea: ComponentProps<"textarea">; select: ComponentProps<"select"> };

/** A text control (input, textarea, select) that fills in from the state and shows its errors after it. */
function control<T extends keyof Controls>(tag: T) {
  const Tag = tag as ElementType;
  return function Control({ name, id, defaultValue, "aria-describedby": hint, ...props }: Named<Controls[T]>) {
    const { control, errors } = useControl({ name, id, defaultValue, "aria-describedby": hint });
    // React's form reset does not re-apply a changed defaultValue to a <select>: a new key
    // remounts it with the value that came back.
    const key = tag === "select" ? String(control.defaultValue ?? "") : undefined;
    return (
      <>
        <Tag key={key} {...props} {...control} />
        {errors}
      </>
    );
  };
}

export const Input = control("input");
export const TextArea = control("textarea");
export const Select = control("select");

/** A checkbox; after an error it is checked as it was sent (several may share a name, told apart by value). */
export function Checkbox({ name, value = "on", defaultChecked, ...props }: { name: string; value?: string | number } & Omit<ComponentProps<"input">, "type" | "name" | "value">) {
  const f = useField(name, `${name}-${value}`);
  return <input {...props} type="checkbox" name={name} value={value} defaultChecked={f.sent ? (f.typed ?? []).includes(String(value)) : defaultChecked} />;
}

/** A group of fields whose errors (under `name`) are said once, under its legend. */
export function Fieldset({ name, id, legend, children }: { name: string; id: string; legend: ReactNode; children: ReactNode }) {
  const { control, errors } = useControl({ name, id });
  return (
    <fieldset aria-describedby={control["aria-describedby"]}>
      <legend>{legend}</legend>
      {errors}
      {children}
    </fieldset>
  );
}
