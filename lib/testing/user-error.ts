import { UserError } from "../errors";

/** Runs `fn` and returns the UserError it throws (failing when it throws nothing or something else). */
export async function userErrorOf(fn: () => Promise<unknown>): Promise<UserError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error("expected a UserError");
}
