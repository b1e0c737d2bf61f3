import { describe, expect, it } from "vitest";
import { componentFromForm, groupFromForm } from "./form";

const form = (fields: Record<string, string>) => (name: string) => fields[name] ?? null;

describe("componentFromForm", () => {
  it("leaves empty fields out of a new component, reads unchecked boxes as false and the order as a number", () => {
    expect(componentFromForm(form({ key: " web ", name: "Web", group: "", description: "", public: "on", order: "3" }), "create")).toEqual({
      key: "web",
      name: "Web",
      public: true,
      showLatency: false,
      publishIncidents: false,
      order: 3,
    });
  });

  it("clears the group and description of a changed one, and passes an odd order on for the schema to name", () => {
    expect(componentFromForm(form({ key: "web", name: "Web", group: "", description: "", showLatency: "on", order: "first" }), "change")).toEqual({
      key: "web",
      name: "Web",
      group: null,
      description: null,
      public: false,
      showLatency: true,
      publishIncidents: false,
      order: "first",
    });
    expect(groupFromForm(form({ key: "core", name: "Core", order: "" }))).toEqual({ key: "core", name: "Core" });
  });
});
