"use client";

import { type RefObject, useEffect } from "react";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab and Shift+Tab inside an open modal dialog. showModal() makes the
 * page behind it inert, but browsers still let focus leave the document (to
 * the address bar), which keyboard users experience as focus escaping.
 */
export function useDialogFocusTrap(
  dialog: RefObject<HTMLDialogElement | null>,
) {
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;

    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Tab" || !element) return;
      const focusable = [...element.querySelectorAll<HTMLElement>(FOCUSABLE)];
      if (focusable.length === 0) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      const active = document.activeElement;
      if (event.shiftKey && (active === first || !element.contains(active))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    }

    element.addEventListener("keydown", onKeyDown);

    return () => element.removeEventListener("keydown", onKeyDown);
  }, [dialog]);
}
