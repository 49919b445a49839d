"use client";

import { useEffect, useRef } from "react";

import { useDialogFocusTrap } from "../use-dialog-focus-trap";
import { CopyButton } from "./copy-button";

/**
 * Shows a new token once. Escape and clicks outside do not close it: the
 * admin leaves only through the button, after the warning.
 */
export function NewTokenDialog({
  token,
  onClose,
}: {
  token: string;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useDialogFocusTrap(ref);

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby="new-token-title"
      onCancel={(event) => event.preventDefault()}
      className="m-auto w-full max-w-xl rounded-lg p-6 shadow-xl backdrop:bg-slate-900/50"
    >
      <h2 id="new-token-title" className="text-lg font-semibold">
        Your new SCIM token
      </h2>
      <p className="mt-2 text-sm font-medium text-amber-800">
        Copy it now: you will not see it again. Roster keeps only a fingerprint
        of it.
      </p>
      <div className="mt-4 flex gap-2">
        <input
          readOnly
          value={token}
          aria-label="New SCIM token"
          onFocus={(e) => e.currentTarget.select()}
          className="w-full rounded border border-slate-300 bg-slate-100 px-3 py-2 font-mono text-sm"
        />
        <CopyButton text={token} label="Copy token" />
      </div>
      <div className="mt-6 flex justify-end">
        <button
          type="button"
          onClick={() => {
            ref.current?.close();
            onClose();
          }}
          className="rounded bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
        >
          I have copied the token
        </button>
      </div>
    </dialog>
  );
}
