import type { AttributePath, FilterNode, FilterValue } from "./ast";

// Canonical text of a filter: lower-case operators and keywords, JSON values,
// names as the client wrote them, and parentheses only where precedence
// (not > and > or, left-associative) needs them, so that parsing the text
// gives back an equal tree.

const PRECEDENCE = { or: 1, and: 2 } as const;

export function printFilter(node: FilterNode): string {
  switch (node.kind) {
    case "compare":
      return `${printPath(node.path)} ${node.op} ${printValue(node.value)}`;
    case "present":
      return `${printPath(node.path)} pr`;
    case "not":
      return `not (${printFilter(node.filter)})`;
    case "valuePath":
      return `${printPath(node.path)}[${printFilter(node.filter)}]`;
    case "and":
    case "or": {
      const own = PRECEDENCE[node.kind];
      // The right operand of a same-precedence chain needs parentheses:
      // `a or (b or c)` is a different tree from `a or b or c`.
      const left = wrapBelow(node.left, own);
      const right = wrapBelow(node.right, own + 1);

      return `${left} ${node.kind} ${right}`;
    }
  }
}

export function printPath(path: AttributePath): string {
  const name =
    path.subAttribute === undefined
      ? path.attribute
      : `${path.attribute}.${path.subAttribute}`;

  return path.schema === undefined ? name : `${path.schema}:${name}`;
}

function wrapBelow(node: FilterNode, minimum: number): string {
  const text = printFilter(node);
  const own =
    node.kind === "and" || node.kind === "or" ? PRECEDENCE[node.kind] : 3;

  return own < minimum ? `(${text})` : text;
}

function printValue(value: FilterValue): string {
  // JSON.stringify writes -0 as "0", which would parse back as a different
  // number.
  if (typeof value === "number" && Object.is(value, -0)) return "-0";

  return JSON.stringify(value);
}
