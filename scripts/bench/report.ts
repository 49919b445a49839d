import type { LoadResult } from "./load";

interface Target {
  figure: string;
  value: number;
  unit: string;
  target: string;
  isMet: boolean;
}

/** Prints every figure beside its target in issue 7, marked PASS or MISS. */
export function printTargets(
  results: Record<string, LoadResult>,
  floor: LoadResult,
  rssMb: number,
) {
  const lookup = results["GET userName eq"];
  const ratio = lookup
    ? lookup.requestsPerSecond / floor.requestsPerSecond
    : Number.NaN;
  const p99Under = (label: string, limit: number): Target[] =>
    results[label]
      ? [
          {
            figure: `${label} p99`,
            value: results[label].p99,
            unit: "ms",
            target: `< ${limit} ms`,
            isMet: results[label].p99 < limit,
          },
        ]
      : [];
  const failures = Object.values(results).reduce(
    (sum, r) => sum + r.errors + r.non2xx,
    0,
  );
  const targets: Target[] = [
    ...(lookup
      ? [
          {
            figure: `userName eq throughput / floor (${lookup.requestsPerSecond.toFixed(0)} / ${floor.requestsPerSecond.toFixed(0)} req/s)`,
            value: ratio,
            unit: "×",
            target: "≥ 0.5 ×",
            isMet: ratio >= 0.5,
          },
        ]
      : []),
    ...p99Under("GET userName eq", 50),
    ...p99Under("GET externalId eq", 50),
    ...p99Under("GET deepest page (count=100)", 150),
    ...p99Under("POST /Users", 100),
    ...p99Under("PATCH deactivate", 100),
    {
      figure: "errors + non-2xx, all app scenarios",
      value: failures,
      unit: "",
      target: "0",
      isMet: failures === 0,
    },
    {
      figure: "app RSS, max",
      value: rssMb,
      unit: "MB",
      target: "< 400 MB",
      isMet: rssMb < 400,
    },
  ];

  console.log(
    "\nfigure".padEnd(62) + "value".padStart(10) + "   target      result",
  );
  for (const t of targets) {
    const value = Number.isInteger(t.value)
      ? String(t.value)
      : t.value.toFixed(2);
    console.log(
      `${t.figure.padEnd(61)}${`${value} ${t.unit}`.padStart(11)}   ${t.target.padEnd(11)} ${t.isMet ? "PASS" : "MISS"}`,
    );
  }
}
