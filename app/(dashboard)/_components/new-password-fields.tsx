import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { Input } from "./action-form";

/** A new password typed twice (invite, reset, change). */
export function NewPasswordFields({ name = "password", label = "Password" }: { name?: string; label?: string }) {
  return (
    <>
      <div className="field">
        <label htmlFor={name}>
          {label} (at least {MIN_PASSWORD_LENGTH} characters)
        </label>
        <Input id={name} type="password" name={name} autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} maxLength={1024} required />
      </div>
      <div className="field">
        <label htmlFor="confirm">{label} again</label>
        <Input id="confirm" type="password" name="confirm" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} maxLength={1024} required />
      </div>
    </>
  );
}
