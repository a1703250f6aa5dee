// A strict reader of the Prometheus text exposition format (version 0.0.4):
// every line is a HELP, a TYPE or a sample of a family whose TYPE came first;
// anything else throws, so a scrape that a Prometheus server would reject
// fails the test that reads it.
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL = '([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*)?,?\\})? (\\S+)(?: (-?\\d+))?$`);
// Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case (prom-client writes "Nan").
const VALUE = /^(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|[+-]?inf|nan)$/i;
const SUFFIXES: Record<string, string[]> = { counter: [""], gauge: [""], untyped: [""], histogram: ["_bucket", "_sum", "_count"], summary: ["", "_sum", "_count"] };

function parseValue(text: string): number {
  if (!VALUE.test(text)) throw new Error(`not a sample value: ${text}`);
  if (/^[+]?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  return /^nan$/i.test(text) ? NaN : Number(text);
}

export function parsePrometheusText(text: string): Sample[] {
  const types = new Map<string, string>();
  const helped = new Set<string>();
  const samples: Sample[] = [];
  for (const [index, line] of text.split("\n").entries()) {
    const where = `line ${index + 1}: ${line}`;
    if (line === "") continue;
    const help = line.match(new RegExp(`^# HELP (${NAME}) (.*)$`));
    if (help) {
      if (helped.has(help[1]!)) throw new Error(`HELP repeated, ${where}`);
      helped.add(help[1]!);
      continue;
    }
    const type = line.match(new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`));
    if (type) {
      if (types.has(type[1]!)) throw new Error(`TYPE repeated, ${where}`);
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith("#")) throw new Error(`malformed comment, ${where}`);
    const match = line.match(SAMPLE);
    if (!match) throw new Error(`malformed sample, ${where}`);
    const name = match[1]!;
    const family = [...types.entries()].find(([base, kind]) => SUFFIXES[kind]!.some((suffix) => name === base + suffix));
    if (!family) throw new Error(`sample of a family without TYPE, ${where}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(new RegExp(LABEL, "g"))) {
      if (pair[1]! in labels) throw new Error(`label repeated, ${where}`);
      labels[pair[1]!] = pair[2]!.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
    }
    samples.push({ name, labels, value: parseValue(match[match.length - 2]!) });
  }
  return samples;
}

/** The value of the one sample with this name and (at least) these labels; 0 when there is none yet. */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}
