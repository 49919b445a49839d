"use client";

import { signIn } from "next-auth/react";
import { useRef, useState, useTransition } from "react";

import { setPasswordAction } from "@/app/invite/[token]/actions";
import {
  PASSWORD_MIN_LENGTH,
  type SetPasswordField,
  setPasswordSchema,
} from "@/lib/invitations/set-password-schema";
import { useIsHydrated } from "@/components/use-is-hydrated";

type FieldErrors = Partial<Record<SetPasswordField, string>>;

/**
 * Sets the first password of a provisioned person, then signs them in and
 * opens the workspace. Errors sit under their field and move focus there.
 */
export function SetPasswordForm({
  secret,
  email,
}: {
  secret: string;
  email: string;
}) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [isPending, startTransition] = useTransition();
  // Before hydration a click would submit the form natively, as a GET that
  // puts its fields in the address.
  const isHydrated = useIsHydrated();
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmationRef = useRef<HTMLInputElement>(null);

  function showFieldError(field: SetPasswordField, message: string) {
    setErrors({ [field]: message });
    (field === "password" ? passwordRef : confirmationRef).current?.focus();
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = {
      password: String(data.get("password") ?? ""),
      confirmation: String(data.get("confirmation") ?? ""),
    };
    setErrors({});
    setFormError(null);
    const parsed = setPasswordSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      showFieldError(
        issue.path[0] === "confirmation" ? "confirmation" : "password",
        issue.message,
      );
      return;
    }

    startTransition(async () => {
      setStatus("Setting your password…");
      const result = await setPasswordAction(secret, input);
      if (!result.ok) {
        setStatus("");
        if (result.field) showFieldError(result.field, result.error);
        else setFormError(result.error);
        return;
      }
      setStatus("Password set. Signing you in…");
      const signedIn = await signIn("credentials", {
        email: result.email,
        password: input.password,
        redirect: false,
      });
      window.location.assign(
        signedIn?.ok && !signedIn.error
          ? result.landingPath
          : `/signin?callbackUrl=${encodeURIComponent(result.landingPath)}`,
      );
    });
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      <div className="space-y-1">
        <label htmlFor="invite-email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="invite-email"
          name="username"
          type="email"
          autoComplete="username"
          value={email}
          readOnly
          className="w-full rounded border border-slate-300 bg-slate-50 px-3 py-2"
        />
      </div>
      <PasswordField
        ref={passwordRef}
        id="new-password"
        name="password"
        label="New password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors.password}
      />
      <PasswordField
        ref={confirmationRef}
        id="confirm-password"
        name="confirmation"
        label="Confirm password"
        error={errors.confirmation}
      />
      <p role="alert" className="min-h-5 text-sm text-red-700">
        {formError}
      </p>
      <p role="status" aria-live="polite" className="text-sm text-slate-700">
        {status}
      </p>
      <button
        type="submit"
        disabled={isPending || !isHydrated}
        className="w-full rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {isPending ? "Setting password…" : "Set password and continue"}
      </button>
    </form>
  );
}

function PasswordField({
  ref,
  id,
  name,
  label,
  hint,
  error,
}: {
  ref: React.Ref<HTMLInputElement>;
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
}) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`]
    .filter(Boolean)
    .join(" ");

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        ref={ref}
        id={id}
        name={name}
        type="password"
        autoComplete="new-password"
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className="w-full rounded border border-slate-300 px-3 py-2 focus:outline-2 focus:outline-indigo-500 aria-invalid:border-red-600"
      />
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
