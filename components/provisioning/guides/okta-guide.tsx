import { CopyValue, UiName } from "./copy-value";

export function OktaGuide({ baseUrl }: { baseUrl: string }) {
  return (
    <ol className="list-decimal space-y-3 pl-5 text-sm">
      <li>
        In the Okta Admin Console, open your app integration for Roster (or
        create one under <UiName>Applications → Create App Integration</UiName>
        ). On its <UiName>General</UiName> tab, edit{" "}
        <UiName>App Settings</UiName>, choose <UiName>SCIM</UiName> under{" "}
        <UiName>Provisioning</UiName> and save.
      </li>
      <li>
        On the <UiName>Provisioning</UiName> tab, under{" "}
        <UiName>Integration</UiName>, click <UiName>Edit</UiName> and fill in:
        <ul className="mt-2 list-disc space-y-2 pl-5">
          <li>
            <UiName>SCIM connector base URL</UiName>
            <CopyValue
              value={baseUrl}
              label="Copy the SCIM connector base URL"
            />
          </li>
          <li>
            <UiName>Unique identifier field for users</UiName>
            <CopyValue
              value="userName"
              label="Copy the unique identifier field for users"
            />
          </li>
          <li>
            <UiName>Supported provisioning actions</UiName>: tick{" "}
            <UiName>Push New Users</UiName> and{" "}
            <UiName>Push Profile Updates</UiName>; tick{" "}
            <UiName>Push Groups</UiName> if you also send groups.
          </li>
          <li>
            <UiName>Authentication Mode</UiName>: <UiName>HTTP Header</UiName>.
            Paste a SCIM token from this page into{" "}
            <UiName>Authorization</UiName>, after the word Bearer that Okta
            shows. Roster shows a token only once, when you create it.
          </li>
        </ul>
      </li>
      <li>
        Click <UiName>Test Connector Configuration</UiName>, then{" "}
        <UiName>Save</UiName>.
      </li>
      <li>
        Under <UiName>Provisioning → To App</UiName>, click{" "}
        <UiName>Edit</UiName> and enable <UiName>Create Users</UiName>,{" "}
        <UiName>Update User Attributes</UiName> and{" "}
        <UiName>Deactivate Users</UiName>. Save.
      </li>
      <li>
        On the <UiName>Assignments</UiName> tab, assign the people or groups who
        should join this workspace.
      </li>
      <li className="list-none text-slate-600">
        Okta updates a profile with PUT, which replaces it (Roster keeps{" "}
        <code>active</code> when a PUT leaves it out), and deactivates or
        reactivates with PATCH on <code>active</code>. Before creating someone,
        it looks them up with a <code>userName eq</code> filter.
      </li>
    </ol>
  );
}
