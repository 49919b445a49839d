import { CopyButton } from "./copy-button";

export function ScimBaseUrl({ url }: { url: string }) {
  return (
    <section aria-labelledby="base-url-heading" className="space-y-2">
      <h3 id="base-url-heading" className="font-semibold">
        SCIM base URL
      </h3>
      <div className="flex gap-2">
        <input
          readOnly
          value={url}
          aria-label="SCIM base URL"
          className="w-full rounded border border-slate-300 bg-slate-100 px-3 py-2 font-mono text-sm"
        />
        <CopyButton text={url} label="Copy SCIM base URL" />
      </div>
    </section>
  );
}
