import { describe, expect, it } from "vitest";
import { auditDiff } from "./diff";

describe("auditDiff", () => {
  it("lists the fields that changed, added or removed, nested values as JSON", () => {
    expect(auditDiff({ email: "a@x", role: "viewer", tags: [1] }, { email: "a@x", role: "editor", tags: [1, 2], note: "n" })).toEqual([
      { field: "role", before: "viewer", after: "editor" },
      { field: "tags", before: "[1]", after: "[1,2]" },
      { field: "note", before: null, after: "n" },
    ]);
  });

  it("treats a missing side as empty and a bare value as one field", () => {
    expect(auditDiff(null, { email: "a@x" })).toEqual([{ field: "email", before: null, after: "a@x" }]);
    expect(auditDiff({ email: "a@x" }, null)).toEqual([{ field: "email", before: "a@x", after: null }]);
    expect(auditDiff(3, 4)).toEqual([{ field: "value", before: "3", after: "4" }]);
    expect(auditDiff({ same: 1 }, { same: 1 })).toEqual([]);
  });
});
