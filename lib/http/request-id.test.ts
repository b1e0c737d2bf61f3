import { describe, expect, it } from "vitest";
import { requestIdOf } from "./request-id";

describe("requestIdOf", () => {
  it("keeps a trusted proxy's safe id", () => {
    expect(requestIdOf({ "x-request-id": "7f3c2a10-lb-01" }, true, () => "new")).toBe("7f3c2a10-lb-01");
  });

  it("replaces a client's own id: only a trusted proxy may choose it", () => {
    expect(requestIdOf({ "x-request-id": "7f3c2a10-lb-01" }, false, () => "new")).toBe("new");
  });

  it("replaces ids that could forge log lines or are too short or long", () => {
    for (const bad of ["abc\nlevel=error", "short", "x".repeat(129), "a b c d e f", "<script>x</script>"]) {
      expect(requestIdOf({ "x-request-id": bad }, true, () => "new")).toBe("new");
    }
    expect(requestIdOf({ "x-request-id": ["7f3c2a10-lb-01", "second-id-000"] }, true, () => "new")).toBe("new");
  });

  it("makes a UUID when none is given", () => {
    expect(requestIdOf({}, true)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
