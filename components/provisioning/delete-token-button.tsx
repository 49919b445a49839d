"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";

import { deleteTokenAction } from "@/app/w/[slug]/settings/provisioning/actions";

import { useDialogFocusTrap } from "../use-dialog-focus-trap";
import { useIsHydrated } from "../use-is-hydrated";

export function DeleteTokenButton({
  slug,
  tokenId,
  label,
  onDeleted,
}: {
  slug: string;
  tokenId: string;
  label: string;
  onDeleted: () => void;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  useDialogFocusTrap(dialog);
  const isHydrated = useIsHydrated();

  function confirmDelete() {
    startTransition(async () => {
      const result = await deleteTokenAction(slug, tokenId);
      if (result.ok) {
        dialog.current?.close();
        onDeleted();
        router.refresh();
      } else {
        setError(result.error);
      }
    });
  }

  return (
    <>
      <button
        type="button"
        disabled={!isHydrated}
        onClick={() => dialog.current?.showModal()}
        aria-label={`Delete token ${label}`}
        className="rounded border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60"
      >
        Delete
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`delete-${tokenId}-title`}
        className="m-auto w-full max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/50"
      >
        <h2 id={`delete-${tokenId}-title`} className="text-lg font-semibold">
          Delete this token?
        </h2>
        <p className="mt-2 text-sm text-slate-700">
          Your identity provider will stop working with Roster as soon as the
          token is deleted: every request it sends with this token will be
          refused. This cannot be undone.
        </p>
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
        <div className="mt-6 flex justify-end gap-2">
          <button
            type="button"
            onClick={() => dialog.current?.close()}
            className="rounded border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100"
          >
            Cancel
          </button>
          <button
            type="button"
            disabled={isPending}
            onClick={confirmDelete}
            className="rounded bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60"
          >
            Delete token
          </button>
        </div>
      </dialog>
    </>
  );
}
