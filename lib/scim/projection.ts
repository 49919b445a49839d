// RFC 7644 §3.4.2.5 / §3.9: `attributes` and `excludedAttributes` on reads.

type Json = Record<string, unknown>;

interface Selector {
  schema?: string;
  attribute: string;
  subAttribute?: string;
}

// Returned "always" (RFC 7643 §7), never removed by excludedAttributes.
const ALWAYS = new Set(["id", "schemas"]);

function parseSelector(text: string): Selector {
  let schema: string | undefined;
  let rest = text;
  if (text.toLowerCase().startsWith("urn:")) {
    const cut = text.lastIndexOf(":");
    schema = text.slice(0, cut);
    rest = text.slice(cut + 1);
  }
  const [attribute, subAttribute] = rest.split(".", 2);

  return { schema, attribute, subAttribute };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function keyOf(object: Json, name: string): string | undefined {
  return Object.keys(object).find((k) => same(k, name));
}

/** The object that holds the selected attribute: the extension's or the top. */
function holderOf(resource: Json, selector: Selector): Json | undefined {
  if (!selector.schema) return resource;
  const key = keyOf(resource, selector.schema);
  const holder = key ? resource[key] : undefined;
  // A core-schema URN addresses top-level attributes.
  if (!key && selector.schema.toLowerCase().endsWith(":core:2.0:user"))
    return resource;
  if (!key && selector.schema.toLowerCase().endsWith(":core:2.0:group"))
    return resource;

  return holder && typeof holder === "object" ? (holder as Json) : undefined;
}

function pick(value: unknown, sub: string): unknown {
  if (Array.isArray(value)) return value.map((v) => pick(v, sub));
  if (!value || typeof value !== "object") return value;
  const key = keyOf(value as Json, sub);

  return key ? { [key]: (value as Json)[key] } : {};
}

function mergeInto(target: Json, key: string, value: unknown) {
  const existing = target[key];
  if (Array.isArray(existing) && Array.isArray(value)) {
    target[key] = existing.map((e, i) => ({
      ...(e as Json),
      ...(value[i] as Json),
    }));
  } else if (
    existing &&
    typeof existing === "object" &&
    value &&
    typeof value === "object"
  ) {
    target[key] = { ...(existing as Json), ...(value as Json) };
  } else {
    target[key] = value;
  }
}

export function projectResource(
  resource: Json,
  attributes?: string[],
  excludedAttributes?: string[],
): Json {
  if (attributes?.length)
    return includeOnly(resource, attributes.map(parseSelector));
  if (excludedAttributes?.length)
    return exclude(resource, excludedAttributes.map(parseSelector));

  return resource;
}

function includeOnly(resource: Json, selectors: Selector[]): Json {
  const result: Json = {};
  for (const key of Object.keys(resource)) {
    if (ALWAYS.has(key)) result[key] = resource[key];
  }
  for (const selector of selectors) {
    const holder = holderOf(resource, selector);
    const key = holder && keyOf(holder, selector.attribute);
    if (!holder || !key) continue;
    const value = selector.subAttribute
      ? pick(holder[key], selector.subAttribute)
      : holder[key];
    const target =
      holder === resource ? result : extensionTarget(result, resource, holder);
    mergeInto(target, key, value);
  }

  return result;
}

function extensionTarget(result: Json, resource: Json, holder: Json): Json {
  const urn = Object.keys(resource).find(
    (k) => resource[k] === holder,
  ) as string;
  result[urn] ??= {};

  return result[urn] as Json;
}

function exclude(resource: Json, selectors: Selector[]): Json {
  const result: Json = structuredClone(resource);
  for (const selector of selectors) {
    const holder = holderOf(result, selector);
    const key = holder && keyOf(holder, selector.attribute);
    if (!holder || !key || (holder === result && ALWAYS.has(key))) continue;
    if (!selector.subAttribute) {
      delete holder[key];
      continue;
    }
    const values = Array.isArray(holder[key])
      ? (holder[key] as Json[])
      : [holder[key] as Json];
    for (const value of values) {
      const sub =
        value && typeof value === "object"
          ? keyOf(value, selector.subAttribute)
          : undefined;
      if (sub) delete value[sub];
    }
  }

  return result;
}
