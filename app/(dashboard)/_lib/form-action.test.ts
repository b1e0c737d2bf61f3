import { SYSTEM_ACTOR } from "../../../lib/audit/log";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { createTestDb } from "@/lib/db/test-db";
import { scheduleMaintenance } from "@/lib/incidents/manage";
import { runFormAction } from "./form-action";

/*
 * The dashboard's form actions through their one runner, with the real incident service: after an
 * error the state keeps what was typed (so the form fills in again) and says which field to fix.
 */

let db: Db;
let cleanup: () => void;
beforeEach(async () => ({ db, cleanup } = await createTestDb()));
afterEach(() => cleanup());

const schedule = (form: FormData) =>
  scheduleMaintenance(db, SYSTEM_ACTOR, {
    title: String(form.get("title")),
    body: String(form.get("body")),
    scheduledFor: String(form.get("start")),
    scheduledUntil: String(form.get("end")),
    published: form.has("published"),
  }).then((id) => `/dashboard/incidents/${id}`);

function maintenanceForm(end: string): FormData {
  const form = new FormData();
  form.set("$ACTION_REF_1", "");
  form.set("id", "7");
  form.set("title", "Database upgrade");
  form.set("start", "2099-01-02T02:00");
  form.set("end", end);
  form.set("body", "We upgrade **Postgres**.");
  form.set("published", "on");
  return form;
}

describe("runFormAction", () => {
  it("answers a user's error with the message, the field to fix and everything typed", async () => {
    const state = await runFormAction([{}, maintenanceForm("2099-01-02T01:00")], {
      run: schedule,
      errorPath: () => "/dashboard/incidents/new",
      omit: ["id"],
      fieldNames: { scheduledFor: "start", scheduledUntil: "end" },
    });
    expect(state).toEqual({
      error: "The maintenance must end after it starts: set the end later than the start.",
      fieldErrors: { end: ["The maintenance must end after it starts: set the end later than the start."] },
      values: {
        title: ["Database upgrade"],
        start: ["2099-01-02T02:00"],
        end: ["2099-01-02T01:00"],
        body: ["We upgrade **Postgres**."],
        published: ["on"],
      },
    });
  });

  it("names zod's field errors as the form does", async () => {
    const form = maintenanceForm("2099-01-02T03:00");
    form.set("body", "   ");
    const state = await runFormAction([{}, form], { run: schedule, errorPath: () => "/x" });
    expect(state.error).toBe("Write a message: it is what customers read.");
    expect(state.fieldErrors).toEqual({ body: ["Write a message: it is what customers read."] });
    expect(state.values?.body).toEqual(["   "]);
  });

  it("sends a plain post (one FormData, no state to answer) back with the error and the input in the query string", async () => {
    const plain = runFormAction([maintenanceForm("2099-01-02T01:00")], { run: schedule, errorPath: () => "/dashboard/incidents/new", omit: ["id"] });
    const redirect = (await plain.catch((e: { digest?: string }) => e)) as { digest?: string };
    const url = new URL(/;(\/dashboard[^;]*);/.exec(redirect.digest ?? "")?.[1] ?? "", "http://x");
    expect(url.pathname).toBe("/dashboard/incidents/new");
    expect(url.searchParams.get("error")).toBe("The maintenance must end after it starts: set the end later than the start.");
    expect(url.searchParams.get("title")).toBe("Database upgrade");
    expect(url.searchParams.has("id")).toBe(false);
  });

  it("lets anything else through, for Next's error page", async () => {
    await expect(runFormAction([{}, new FormData()], { run: () => Promise.reject(new Error("disk full")), errorPath: () => "/x" })).rejects.toThrow("disk full");
  });
});
