// Latency sampling for the benchmarks: two implementations of one read, run on
// the same inputs in alternating order so neither always finds the cache warm.

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface PairResult {
  lib: Percentiles;
  raw: Percentiles;
  /** per input tag (e.g. the kind of search), lib and raw percentiles */
  byTag: Map<string, { lib: Percentiles; raw: Percentiles }>;
  meanRows: number;
  /** measured iterations (fewer than asked for when one call takes over SLOW_MS) */
  iterations: number;
}

/** Above this a call is slow enough that a few samples tell the story. */
const SLOW_MS = 500;
const SLOW_ITERATIONS = 20;

export interface TaggedInput<I> {
  input: I;
  tag: string;
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await run();
  return [performance.now() - started, result];
}

export async function measurePair<I>(
  inputs: TaggedInput<I>[],
  lib: (input: I) => Promise<unknown>,
  raw: (input: I) => Promise<unknown>,
  options: { warmup: number; iterations: number; rows: (result: unknown) => number },
): Promise<PairResult> {
  let warmup = options.warmup;
  let iterations = options.iterations;
  for (let i = 0; i < warmup; i += 1) {
    const { input } = inputs[i % inputs.length]!;
    const [libMs] = await timed(() => lib(input));
    await raw(input);
    if (i === 0 && libMs > SLOW_MS) {
      warmup = Math.min(warmup, 2);
      iterations = Math.min(iterations, SLOW_ITERATIONS);
    }
  }
  const samples: { tag: string; lib: number; raw: number }[] = [];
  let rows = 0;
  for (let i = 0; i < iterations; i += 1) {
    const { input, tag } = inputs[(warmup + i) % inputs.length]!;
    let libMs: number;
    let rawMs: number;
    let result: unknown;
    if (i % 2 === 0) {
      [libMs, result] = await timed(() => lib(input));
      [rawMs] = await timed(() => raw(input));
    } else {
      [rawMs] = await timed(() => raw(input));
      [libMs, result] = await timed(() => lib(input));
    }
    rows += options.rows(result);
    samples.push({ tag, lib: libMs, raw: rawMs });
  }
  const byTag = new Map<string, { lib: Percentiles; raw: Percentiles }>();
  for (const tag of new Set(samples.map((s) => s.tag))) {
    const mine = samples.filter((s) => s.tag === tag);
    byTag.set(tag, { lib: percentiles(mine.map((s) => s.lib)), raw: percentiles(mine.map((s) => s.raw)) });
  }
  return {
    lib: percentiles(samples.map((s) => s.lib)),
    raw: percentiles(samples.map((s) => s.raw)),
    byTag,
    meanRows: rows / iterations,
    iterations,
  };
}
