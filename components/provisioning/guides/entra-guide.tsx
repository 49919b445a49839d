import { ENTRA_ACTIVE_EXPRESSION } from "@/lib/provisioning/expected-attributes";

import { CopyValue, UiName } from "./copy-value";

export function EntraGuide({ baseUrl }: { baseUrl: string }) {
  return (
    <ol className="list-decimal space-y-3 pl-5 text-sm">
      <li>
        In the Microsoft Entra admin center, go to{" "}
        <UiName>Enterprise applications → New application</UiName>, choose{" "}
        <UiName>Create your own application</UiName> and pick{" "}
        <UiName>
          Integrate any other application you don&apos;t find in the gallery
          (Non-gallery)
        </UiName>
        .
      </li>
      <li>
        Open <UiName>Provisioning</UiName> and set{" "}
        <UiName>Provisioning Mode</UiName> to <UiName>Automatic</UiName>.
      </li>
      <li>
        Under <UiName>Admin Credentials</UiName>:
        <ul className="mt-2 list-disc space-y-2 pl-5">
          <li>
            <UiName>Tenant URL</UiName>
            <CopyValue value={baseUrl} label="Copy the Tenant URL" />
          </li>
          <li>
            <UiName>Secret Token</UiName>: paste a SCIM token from this page,
            without the word Bearer. Roster shows a token only once, when you
            create it.
          </li>
        </ul>
        Click <UiName>Test Connection</UiName>, then <UiName>Save</UiName>.
      </li>
      <li>
        Under <UiName>Mappings</UiName>, open{" "}
        <UiName>Provision Microsoft Entra ID Users</UiName> and check the
        mappings against the table below. For <code>active</code>, keep the
        default expression:
        <CopyValue
          value={ENTRA_ACTIVE_EXPRESSION}
          label="Copy the expression for active"
        />
        Entra maps <code>mailNickname</code> to <code>externalId</code> by
        default; <code>objectId</code> never changes, so prefer it.
      </li>
      <li>
        Under <UiName>Settings</UiName>, set <UiName>Scope</UiName> to{" "}
        <UiName>Sync only assigned users and groups</UiName>, turn{" "}
        <UiName>Provisioning Status</UiName> <UiName>On</UiName> and save.
        Assign people or groups under <UiName>Users and groups</UiName>.
      </li>
      <li className="list-none text-slate-600">
        Entra sends booleans as the strings &quot;True&quot; and
        &quot;False&quot;, capitalised operations such as <code>Replace</code>,
        and paths like <code>emails[type eq &quot;work&quot;].value</code>;
        Roster accepts all of them. Entra provisions in cycles of about 40
        minutes; <UiName>Provision on demand</UiName> tries one person at once.
      </li>
    </ol>
  );
}
