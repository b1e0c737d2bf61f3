/**
 * The dashboard's component and group forms: how their flat text values become the entry the
 * verbs take (and back, to fill the edit forms). Validation is the verbs' (./entry.ts): this only
 * moves text around. A new entry leaves out what was left empty; a change clears it (`null`).
 */
import type { ComponentRow, GroupRow } from "./entry";

type Values = (name: string) => string | null;

/** Text "12" as the number 12; anything else as typed, for the schema to name. */
const orderOf = (text: string): unknown => (/^\d{1,9}$/.test(text) ? Number(text) : text);

/** A component from the form: `change` for the edit form (empty group or description clears them). */
export function componentFromForm(values: Values, mode: "create" | "change"): Record<string, unknown> {
  const text = (name: string) => (values(name) ?? "").trim();
  const entry: Record<string, unknown> = { key: text("key"), name: text("name") };
  const empty = mode === "change" ? null : undefined;
  entry.group = text("group") || empty;
  entry.description = text("description") || empty;
  // An unchecked box sends nothing.
  for (const flag of ["public", "showLatency", "publishIncidents"]) entry[flag] = values(flag) !== null;
  if (text("order")) entry.order = orderOf(text("order"));
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
}

export function groupFromForm(values: Values): Record<string, unknown> {
  const text = (name: string) => (values(name) ?? "").trim();
  return { key: text("key"), name: text("name"), ...(text("order") ? { order: orderOf(text("order")) } : {}) };
}

/** The edit form's values of a stored component (checkboxes "on" or ""). */
export function componentFormValues(row: ComponentRow, groupKey: string | null): Record<string, string> {
  const box = (on: boolean) => (on ? "on" : "");
  return {
    name: row.name,
    group: groupKey ?? "",
    description: row.description ?? "",
    public: box(row.isPublic),
    showLatency: box(row.showLatency),
    publishIncidents: box(row.publishIncidents),
    order: String(row.displayOrder),
  };
}

export const groupFormValues = (row: GroupRow): Record<string, string> => ({ name: row.name, order: String(row.displayOrder) });
