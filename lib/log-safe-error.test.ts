import { expect, test } from "vitest";

import { safeError } from "./log-safe-error";

test("keeps codes and frames, drops query parameters and conflicting values", () => {
  const cause = Object.assign(
    new Error(
      'duplicate key value violates unique constraint "users_email_lower_key"',
    ),
    {
      code: "23505",
      constraint_name: "users_email_lower_key",
      detail: "Key (lower(email))=(ann@example.com) already exists.",
    },
  );
  const error = new Error(
    'Failed query: insert into "users" ("email") values ($1)\nparams: ann@example.com',
    { cause },
  );

  const logged = JSON.stringify(safeError(error));

  expect(logged).not.toContain("ann@example.com");
  expect(safeError(error)).toMatchObject({
    message: "Failed query",
    cause: { code: "23505", constraint: "users_email_lower_key" },
  });
});
