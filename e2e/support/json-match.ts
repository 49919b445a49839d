/**
 * The cases' containment rule: objects match as subsets, arrays element by
 * element (an empty expected array means an empty actual one).
 */
export function findMismatch(
  expected: unknown,
  actual: unknown,
  path = "$",
): string | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual))
      return `${path}: expected an array, got ${JSON.stringify(actual)}`;
    if (expected.length === 0 && actual.length !== 0)
      return `${path}: expected an empty array, got ${actual.length} items`;
    if (actual.length < expected.length)
      return `${path}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const mismatch = findMismatch(expected[i], actual[i], `${path}[${i}]`);
      if (mismatch) return mismatch;
    }

    return null;
  }
  if (expected && typeof expected === "object") {
    if (!actual || typeof actual !== "object" || Array.isArray(actual)) {
      return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    }
    for (const [key, value] of Object.entries(expected)) {
      const mismatch = findMismatch(
        value,
        (actual as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (mismatch) return mismatch;
    }

    return null;
  }

  return Object.is(expected, actual)
    ? null
    : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

export function findKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => findKey(v, key));
  if (value && typeof value === "object") {
    return Object.entries(value).some(([k, v]) => k === key || findKey(v, key));
  }

  return false;
}

export function readPath(value: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (v, key) => (v as Record<string, unknown> | undefined)?.[key],
      value,
    );
}

/** Replaces {{name}} in every string of a JSON value. */
export function substitute<T>(value: T, saved: Record<string, string>): T {
  const text = JSON.stringify(value);

  return JSON.parse(
    text.replace(
      /\{\{(\w+)\}\}/g,
      (_, name: string) => saved[name] ?? `{{${name}}}`,
    ),
  ) as T;
}
