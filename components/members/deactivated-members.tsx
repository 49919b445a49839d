import { DataTable } from "@/components/data-table";
import { formatDate } from "@/lib/format-date";

import { IdpIdentifiers } from "./member-table";

export interface DeactivatedRow {
  scimUserId: string;
  name: string;
  email: string;
  userName: string;
  externalId: string | null;
  deactivatedAt: Date | null;
}

/** People the IdP deactivated: no longer members, still known to SCIM. */
export function DeactivatedMembers({
  people,
  canSeeIdentifiers,
}: {
  people: DeactivatedRow[];
  canSeeIdentifiers: boolean;
}) {
  return (
    <section aria-labelledby="deactivated-heading" className="mt-10">
      <h2 id="deactivated-heading" className="mb-1 text-lg font-semibold">
        Deactivated by your identity provider ({people.length})
      </h2>
      <p className="mb-4 text-sm text-slate-600">
        They left this workspace when your identity provider deactivated them.
        Their accounts remain; reactivating them in the identity provider brings
        them back.
      </p>
      {people.length === 0 ? (
        <p className="text-slate-600">
          No one has been deactivated by your identity provider.
        </p>
      ) : (
        <DataTable
          labelledBy="deactivated-heading"
          columns={[
            "Name",
            "Email",
            "Left on",
            ...(canSeeIdentifiers ? ["Identity provider identifiers"] : []),
          ]}
        >
          {people.map((p) => (
            <tr key={p.scimUserId}>
              <td className="px-4 py-2">
                <bdi>{p.name}</bdi>
              </td>
              <td className="px-4 py-2">
                <bdi>{p.email}</bdi>
              </td>
              <td className="px-4 py-2">
                {p.deactivatedAt ? (
                  <time dateTime={p.deactivatedAt.toISOString()}>
                    {formatDate(p.deactivatedAt)}
                  </time>
                ) : (
                  "Unknown"
                )}
              </td>
              {canSeeIdentifiers && (
                <td className="px-4 py-2">
                  <IdpIdentifiers
                    userName={p.userName}
                    externalId={p.externalId}
                  />
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
