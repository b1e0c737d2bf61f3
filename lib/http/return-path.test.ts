import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("the path sign-in returns to", () => {
  it("keeps a dashboard path with its query", () => {
    expect(safeReturnPath("/dashboard/monitors/api?range=7d")).toBe("/dashboard/monitors/api?range=7d");
    expect(safeReturnPath("/dashboard")).toBe("/dashboard");
    expect(safeReturnPath("/dashboard/incidents/4?_rsc=1x2")).toBe("/dashboard/incidents/4");
  });

  it("refuses anything that could leave the site or loop", () => {
    for (const bad of ["//evil.example/dashboard", "/\\evil.example", "https://evil.example/dashboard", "javascript:alert(1)", "dashboard", "/login", "/setup", "/", "/dashboard\n/x", "/" + "a".repeat(3000), "", null, undefined]) {
      expect(safeReturnPath(bad as string | null | undefined), String(bad)).toBeNull();
    }
    expect(safeReturnPath("/dashboard/../login")).toBeNull(); // normalised before the check
  });
});
