// The syntax tree of RFC 7644 §3.4.2.2 filters and of PATCH paths (§3.5.2).
// Names keep the letter case the client wrote; resolution against the schema
// (lib/scim/resolve.ts) is case-insensitive.

export type CompareOperator =
  "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "lt" | "ge" | "le";

export type FilterValue = string | number | boolean | null;

export interface AttributePath {
  /** Schema URN when the client qualified the name, e.g. the enterprise URN. */
  schema?: string;
  attribute: string;
  subAttribute?: string;
}

export type FilterNode =
  | {
      kind: "compare";
      path: AttributePath;
      op: CompareOperator;
      value: FilterValue;
    }
  | { kind: "present"; path: AttributePath }
  | { kind: "and"; left: FilterNode; right: FilterNode }
  | { kind: "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; filter: FilterNode }
  /**
   * `emails[type eq "work"]`: the inner filter's paths are relative to one
   * element of the multi-valued attribute and must all hold for the same
   * element. `emails[type eq "work"].value eq "x"` is parsed as the value path
   * `emails[type eq "work" and value eq "x"]`.
   */
  | { kind: "valuePath"; path: AttributePath; filter: FilterNode };

/** A PATCH operation's path: `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`. */
export interface PatchPath {
  path: AttributePath;
  filter?: FilterNode;
  /** The sub-attribute after a value filter: `emails[type eq "work"].value`. */
  subAttribute?: string;
}
