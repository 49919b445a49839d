import { CopyButton } from "../copy-button";

/** A value to type into the IdP's console, shown as code with a copy button. */
export function CopyValue({ value, label }: { value: string; label: string }) {
  return (
    <span className="mt-1 flex items-center gap-2">
      <code className="rounded bg-slate-100 px-2 py-1 font-mono text-sm break-all">
        {value}
      </code>
      <CopyButton text={value} label={label} />
    </span>
  );
}

/** A name exactly as the IdP's console shows it. */
export function UiName({ children }: { children: React.ReactNode }) {
  return <strong className="font-semibold">{children}</strong>;
}
