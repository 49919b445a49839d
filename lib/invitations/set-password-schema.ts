import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 12;
// The sign-in form accepts up to 200 characters; a longer one could not sign in.
export const PASSWORD_MAX_LENGTH = 200;

export const setPasswordSchema = z
  .object({
    password: z
      .string()
      .min(
        PASSWORD_MIN_LENGTH,
        `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
      )
      .max(
        PASSWORD_MAX_LENGTH,
        `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
      ),
    confirmation: z.string(),
  })
  .refine((v) => v.password === v.confirmation, {
    path: ["confirmation"],
    message: "The two passwords do not match.",
  });
export type SetPasswordInput = z.infer<typeof setPasswordSchema>;
export type SetPasswordField = keyof SetPasswordInput;
