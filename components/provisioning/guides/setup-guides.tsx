import { AttributeTable } from "./attribute-table";
import { EntraGuide } from "./entra-guide";
import { OktaGuide } from "./okta-guide";

const GUIDES = [
  { id: "okta", name: "Okta", Guide: OktaGuide },
  { id: "entra", name: "Microsoft Entra ID", Guide: EntraGuide },
];

/** Step-by-step set-up for each identity provider, in its own words. */
export function SetupGuides({ baseUrl }: { baseUrl: string }) {
  return (
    <section aria-labelledby="setup-guides-heading" className="space-y-3">
      <h3 id="setup-guides-heading" className="font-semibold">
        Connect your identity provider
      </h3>
      {GUIDES.map(({ id, name, Guide }) => (
        <details
          key={id}
          className="rounded-lg border border-slate-200 bg-white px-4 py-3"
        >
          <summary className="cursor-pointer font-medium">
            Set up {name}
          </summary>
          <div className="mt-3">
            <Guide baseUrl={baseUrl} />
          </div>
        </details>
      ))}
      <AttributeTable />
    </section>
  );
}
