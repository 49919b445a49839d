"use client";

import { useId, useRef } from "react";

/** Asks before removing a mapping: members may lose their role at once. */
export function RemoveMappingButton({
  groupName,
  disabled,
  onConfirm,
}: {
  groupName: string;
  disabled: boolean;
  onConfirm: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  function confirm() {
    dialog.current?.close();
    // The row goes away with its button; the section heading keeps focus
    // on the page for keyboard users.
    document.getElementById("role-mapping-heading")?.focus();
    onConfirm();
  }

  return (
    <>
      <button
        type="button"
        disabled={disabled}
        onClick={() => dialog.current?.showModal()}
        aria-label={`Remove mapping for ${groupName}`}
        className="rounded border border-red-300 px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60"
      >
        Remove
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-md rounded-lg p-6 text-left shadow-xl backdrop:bg-slate-900/50"
      >
        <h2 id={titleId} className="text-lg font-semibold">
          Remove the mapping of <bdi>{groupName}</bdi>?
        </h2>
        <p className="mt-2 text-sm text-slate-700">
          Its members get the role of their other mapped groups, or the role for
          provisioned members, right away. Owners keep their role.
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
            onClick={confirm}
            className="rounded bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700"
          >
            Remove mapping
          </button>
        </div>
      </dialog>
    </>
  );
}
