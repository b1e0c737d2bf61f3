"use client";
import { useFormState } from "../../../_components/action-form";

/** The test message's receipt, in place after the button ("Delivered in 123 ms: HTTP 200"). */
export function TestResult() {
  const shown = useFormState().shown?.test;
  return shown ? (
    <p className="notice" role="status" data-testid="test-result">
      {shown}
    </p>
  ) : null;
}
