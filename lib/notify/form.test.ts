import { describe, expect, it } from "vitest";
import { channelEntryFromForm, policyEntryFromForm, policyFormValues } from "./form";

const form = (values: Record<string, string>) => (name: string) => (name in values ? values[name] : null);

describe("channel form", () => {
  it("makes a new entry as the file writes it, lists split, blanks left out", () => {
    expect(channelEntryFromForm("sms", form({ key: " ops-sms ", name: "On call", accountSid: "AC1", authToken: "tok", from: "+14155550100", to: "+14155550123, +14155550124,", baseUrl: "" }), "create")).toEqual({
      key: "ops-sms",
      type: "sms",
      name: "On call",
      accountSid: "AC1",
      authToken: "tok",
      from: "+14155550100",
      to: ["+14155550123", "+14155550124"],
    });
  });

  it("on an edit, a blank secret is left out (kept) and a blank optional field is removed", () => {
    expect(channelEntryFromForm("ntfy", form({ name: "Phone", url: "https://ntfy.sh/t", token: "" }), "edit")).toEqual({ name: "Phone", url: "https://ntfy.sh/t" });
    expect(channelEntryFromForm("sms", form({ name: "S", accountSid: "AC1", authToken: "", from: "+1", to: "+2", baseUrl: "" }), "edit")).toMatchObject({ baseUrl: null });
  });
});

describe("policy form", () => {
  it("keeps rows with channels, in form order, and fills back from a stored policy", () => {
    const entry = policyEntryFromForm(form({ key: "night", name: "Night", step0After: "", step0Channels: "a, b", step1After: "10m", step1Channels: "", step2After: "15m", step2Channels: "c", repeat: "30m" }), "create");
    expect(entry).toEqual({ key: "night", name: "Night", steps: [{ channels: ["a", "b"] }, { after: "15m", channels: ["c"] }], repeat: "30m" });
    expect(policyEntryFromForm(form({ name: "Night", step0Channels: "a", repeat: "" }), "edit")).toEqual({ name: "Night", steps: [{ channels: ["a"] }], repeat: null });
    expect(policyFormValues({ name: "Night", steps: [{ afterMs: 0, channels: ["a", "b"] }, { afterMs: 900_000, channels: ["c"] }], repeatEveryMs: 1_800_000 })).toEqual({
      name: "Night",
      repeat: "30m",
      step0After: "",
      step0Channels: "a, b",
      step1After: "15m",
      step1Channels: "c",
    });
  });
});
