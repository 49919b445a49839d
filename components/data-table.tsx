import type { ReactNode } from "react";

/**
 * The settings pages' bordered table: a row of column headings, then the
 * rows the caller renders. Name it with `labelledBy` (a heading's id) or a
 * `caption`.
 */
export function DataTable({
  columns,
  labelledBy,
  caption,
  children,
}: {
  columns: ReactNode[];
  labelledBy?: string;
  caption?: string;
  children: ReactNode;
}) {
  return (
    <table
      aria-labelledby={labelledBy}
      className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-left text-sm"
    >
      {caption && <caption className="sr-only">{caption}</caption>}
      <thead className="bg-slate-100 text-slate-700">
        <tr>
          {columns.map((column, i) => (
            <th key={i} scope="col" className="px-4 py-2 font-medium">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200">{children}</tbody>
    </table>
  );
}
