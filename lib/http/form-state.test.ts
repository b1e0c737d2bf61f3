import { describe, expect, it } from "vitest";
import { z } from "zod";
import { UserError } from "../errors";
import { formErrorState, formStateFromQuery, formStateQuery, MAX_KEPT_CHARS, typedValues } from "./form-state";

function formOf(entries: [string, string][]): FormData {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  return form;
}

describe("formErrorState", () => {
  it("keeps what was typed, without Next's fields, secrets or overlong values, with the message and field errors", () => {
    const form = formOf([
      ["$ACTION_ID_abc", ""],
      ["title", "Checkout errors"],
      ["component", "1"],
      ["component", "3"],
      ["password", "hunter2hunter2"],
      ["body", "x".repeat(MAX_KEPT_CHARS + 1)],
    ]);
    const err = new UserError("invalid_input", "Write a message.", { fieldErrors: { body: ["Write a message."] } });
    expect(formErrorState(err, form, { omit: ["password"] })).toEqual({
      error: "Write a message.",
      fieldErrors: { body: ["Write a message."] },
      values: { title: ["Checkout errors"], component: ["1", "3"] },
    });
  });

  it("names field errors as the form does, and takes zod errors", () => {
    const parsed = z.object({ scheduledUntil: z.string({ error: "Set the end." }), items: z.array(z.number({ error: "A number." })) }).safeParse({ items: ["x"] });
    const state = formErrorState(parsed.error, formOf([["end", ""]]), { fieldNames: { scheduledUntil: "end" } });
    expect(state).toEqual({ error: "Set the end.", fieldErrors: { end: ["Set the end."], items: ["A number."] }, values: { end: [""] } });
  });

  it("rethrows anything that is not the user's to fix", () => {
    const boom = new Error("disk full");
    expect(() => formErrorState(boom, new FormData())).toThrow(boom);
  });

  it("round-trips through a plain post's query string", () => {
    const state = formErrorState(new UserError("conflict", "Changed meanwhile."), formOf([["title", "A & B"], ["component", "2"], ["component", "5"]]));
    const q = formStateQuery(state);
    expect(q.toString()).toMatch(/^error=/);
    const query = Object.fromEntries([...new Set(q.keys())].map((k) => [k, q.getAll(k).length > 1 ? q.getAll(k) : q.get(k)!]));
    expect(formStateFromQuery(query)).toEqual({ values: { title: ["A & B"], component: ["2", "5"] } });
    expect(formStateFromQuery({ title: "no error, no state" })).toEqual({});
  });

  it("typedValues keeps only strings", () => {
    const form = new FormData();
    form.append("file", new Blob(["x"]), "x.txt");
    form.append("name", "kept");
    expect(typedValues(form)).toEqual({ name: ["kept"] });
  });
});
