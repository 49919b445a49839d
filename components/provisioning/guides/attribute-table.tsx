import { EXPECTED_ATTRIBUTES } from "@/lib/provisioning/expected-attributes";

import { CopyButton } from "../copy-button";

/** The attributes Roster reads, from the same definitions /Schemas serves. */
export function AttributeTable() {
  return (
    <div className="overflow-x-auto">
      <table className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm">
        <caption className="mb-2 text-left font-medium">
          Attributes Roster expects
        </caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              SCIM attribute
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Roster uses it for
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Okta source
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Entra ID source
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 align-top">
          {EXPECTED_ATTRIBUTES.map((a) => (
            <tr key={a.path}>
              <th scope="row" className="px-3 py-2 font-normal">
                <span className="flex items-center gap-2">
                  <code className="font-mono whitespace-nowrap">{a.path}</code>
                  <CopyButton text={a.path} label={`Copy ${a.path}`} />
                </span>
                <span className="text-slate-600">
                  {[a.type, a.isRequired && "required", a.isUnique && "unique"]
                    .filter(Boolean)
                    .join(", ")}
                </span>
              </th>
              <td className="px-3 py-2">{a.use}</td>
              <td className="px-3 py-2">{a.okta}</td>
              <td className="px-3 py-2">
                <code className="font-mono break-all">{a.entra}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
