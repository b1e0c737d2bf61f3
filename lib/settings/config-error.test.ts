import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { createTestDb } from "../db/test-db";
import { ConfigError, parseConfig } from "../config/load";
import { clearConfigError, readConfigError, recordConfigError } from "./config-error";

describe("the config file's last error", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("keeps the line-numbered messages until cleared", async () => {
    const error = (() => {
      try {
        parseConfig("page:\n  name: T\nmonitors:\n  - key: a\n    name: A\n    type: http\n    url: http://x/\n    interval: 2s\n", {});
      } catch (e) {
        return e as ConfigError;
      }
    })()!;
    await recordConfigError(db, "status.config.yaml", error.message, 1_000);
    expect(await readConfigError(db)).toEqual({ file: "status.config.yaml", at: 1_000, lines: ["monitors[0].interval: must be at least 10s, got 2s (line 8)"] });
    await clearConfigError(db);
    expect(await readConfigError(db)).toBeNull();
  });
});
