// The load's verdict: per-route figures, the error rate, and whether the noisy workshop
// raised the other workshops' p95.
import { prng } from "../bench/prng";
import { percentiles } from "../bench/timing";
import type { LoadResult } from "./run-load";
import { routeStats, type RouteStats, type Sample } from "./recorder";

/** The most another workshop's p95 may rise while one workshop floods its limit. */
export const MAX_VICTIM_P95_RISE = 0.2;

export interface NoisyComparison {
  quietP95: number;
  noisyP95: number;
  rise: number;
  /** the rise's 90% bootstrap interval over phases: how far chance alone moves it in this run */
  riseInterval: [number, number];
  quietCount: number;
  noisyCount: number;
  /** the flood's answers in the noisy phases */
  flood: { sent: number; allowed: number; refused: number; other: number };
  pass: boolean;
  /** why it fails, in words */
  reasons: string[];
  byRoute: { route: string; quietP95: number; noisyP95: number; rise: number }[];
  byTenant: { tenant: number; quietP95: number; noisyP95: number; rise: number }[];
}

export interface LoadReport {
  routes: RouteStats[];
  totalRequests: number;
  rps: number;
  /** failures among everything but the flood */
  errors: number;
  errorRate: number;
  firstErrors: string[];
  noisy: NoisyComparison;
}

const p95 = (samples: Sample[]) => (samples.length === 0 ? NaN : percentiles(samples.map((sample) => sample.ms)).p95);

const BOOTSTRAP_ROUNDS = 1_000;

/**
 * The 90% interval of noisy p95 / quiet p95 - 1 that chance alone allows, by resampling whole
 * phases with replacement: requests of one phase share its moments (a few pages rendered at once
 * slow each other down whatever the flood does), so resampling single requests would claim more
 * certainty than the run has. A p95 over a few hundred requests rests on its slowest dozen, and a
 * short run's rise moves by tens of percent from run to run with nothing changed.
 */
export function riseInterval(quiet: Sample[], noisy: Sample[], rounds = BOOTSTRAP_ROUNDS): [number, number] {
  const phasesOf = (samples: Sample[]) => {
    const phases = new Map<number, number[]>();
    for (const sample of samples) phases.set(sample.round, [...(phases.get(sample.round) ?? []), sample.ms]);
    return [...phases.values()];
  };
  const [quietPhases, noisyPhases] = [phasesOf(quiet), phasesOf(noisy)];
  if (quietPhases.length === 0 || noisyPhases.length === 0) return [NaN, NaN];
  const random = prng(95);
  const resampledP95 = (phases: number[][]) => percentiles(phases.flatMap(() => phases[Math.floor(random() * phases.length)]!)).p95;
  const rises = Array.from({ length: rounds }, () => resampledP95(noisyPhases) / resampledP95(quietPhases) - 1).sort((a, b) => a - b);
  return [rises[Math.floor(rounds * 0.05)]!, rises[Math.ceil(rounds * 0.95) - 1]!];
}

function compare(victims: Sample[], key: (sample: Sample) => string | number) {
  const groups = new Map<string | number, Sample[]>();
  for (const sample of victims) groups.set(key(sample), [...(groups.get(key(sample)) ?? []), sample]);
  return [...groups].map(([group, samples]) => {
    const quiet = p95(samples.filter((sample) => sample.phase === "quiet"));
    const noisy = p95(samples.filter((sample) => sample.phase === "noisy"));
    return { group, quietP95: quiet, noisyP95: noisy, rise: noisy / quiet - 1 };
  });
}

export function analyse(result: LoadResult): LoadReport {
  const measured = result.recorder.measured();
  const ordinary = measured.filter((sample) => !sample.flood);
  const failures = ordinary.filter((sample) => !sample.ok);
  const victims = ordinary.filter((sample) => sample.tenant !== result.noisy);
  const quiet = victims.filter((sample) => sample.phase === "quiet");
  const noisy = victims.filter((sample) => sample.phase === "noisy");
  const floodSamples = measured.filter((sample) => sample.flood);
  const flood = {
    sent: floodSamples.length,
    allowed: floodSamples.filter((sample) => sample.status === 200).length,
    refused: floodSamples.filter((sample) => sample.status === 429).length,
    other: floodSamples.filter((sample) => !sample.ok).length,
  };
  const quietP95 = p95(quiet);
  const noisyP95 = p95(noisy);
  const rise = noisyP95 / quietP95 - 1;
  const reasons: string[] = [];
  if (!(rise <= MAX_VICTIM_P95_RISE)) reasons.push(`the other workshops' p95 rose ${(rise * 100).toFixed(1)}% (limit ${MAX_VICTIM_P95_RISE * 100}%)`);
  if (flood.refused === 0) reasons.push("the flood was never refused: it did not exceed its limit, so this run shows nothing about one that does");
  if (quiet.length < 100 || noisy.length < 100) reasons.push(`too few requests to compare (${quiet.length} quiet, ${noisy.length} noisy)`);
  return {
    // The flood's answers apart: what a refusal costs is the point.
    routes: routeStats(measured.map((sample) => (sample.flood ? { ...sample, route: `${sample.route} ${sample.status}` } : sample)), result.seconds),
    totalRequests: measured.length,
    rps: measured.length / result.seconds,
    errors: failures.length + flood.other,
    errorRate: (failures.length + flood.other) / Math.max(1, measured.length),
    firstErrors: [...new Set(measured.filter((sample) => !sample.ok).map((sample) => sample.detail ?? sample.route))].slice(0, 5),
    noisy: {
      quietP95, noisyP95, rise, riseInterval: riseInterval(quiet, noisy), quietCount: quiet.length, noisyCount: noisy.length, flood, pass: reasons.length === 0, reasons,
      byRoute: compare(victims, (sample) => sample.route).map(({ group, ...rest }) => ({ route: String(group), ...rest })).sort((a, b) => a.route.localeCompare(b.route)),
      byTenant: compare(victims, (sample) => sample.tenant).map(({ group, ...rest }) => ({ tenant: Number(group), ...rest })).sort((a, b) => a.tenant - b.tenant),
    },
  };
}

const ms = (value: number) => (Number.isNaN(value) ? "-" : value.toFixed(1)).padStart(8);
const pct = (value: number) => (Number.isFinite(value) ? `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)}%` : "-").padStart(8);

export function printReport(result: LoadResult, report: LoadReport, print = console.log) {
  print(`\nPer route, all workshops, ${result.seconds} s measured (${result.pairs} quiet + ${result.pairs} noisy phases of ${result.phaseSeconds} s after a warm-up)`);
  const header = `${"route".padEnd(30)} ${"count".padStart(7)} ${"req/s".padStart(7)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"errors".padStart(7)} ${"429s".padStart(7)}`;
  print(header);
  print("-".repeat(header.length));
  for (const route of report.routes) {
    print(`${route.route.padEnd(30)} ${String(route.count).padStart(7)} ${route.rps.toFixed(1).padStart(7)} ${ms(route.p50)} ${ms(route.p95)} ${ms(route.p99)} ${String(route.errors).padStart(7)} ${String(route.limited).padStart(7)}`);
  }
  print(`Total ${report.totalRequests} requests, ${report.rps.toFixed(1)} req/s; errors ${report.errors} (${(report.errorRate * 100).toFixed(3)}%), the flood's 429s not counted as errors`);
  for (const error of report.firstErrors) print(`  e.g. ${error}`);

  const n = report.noisy;
  print(`\nNoisy workshop (#${result.noisy}): its integration sends GET /api/v1${result.floodPath} ${result.floodRps} times a second in each noisy phase; ` +
    `${n.flood.sent} sent, ${n.flood.allowed} answered, ${n.flood.refused} refused with 429, ${n.flood.other} failed otherwise`);
  print(`Other workshops' requests (every route), quiet vs noisy phases:`);
  print(`${"".padEnd(30)} ${"quiet p95".padStart(10)} ${"noisy p95".padStart(10)} ${"rise".padStart(8)}`);
  for (const row of n.byRoute) print(`${row.route.padEnd(30)} ${ms(row.quietP95).padStart(10)} ${ms(row.noisyP95).padStart(10)} ${pct(row.rise)}`);
  for (const row of n.byTenant) print(`${`workshop #${row.tenant}`.padEnd(30)} ${ms(row.quietP95).padStart(10)} ${ms(row.noisyP95).padStart(10)} ${pct(row.rise)}`);
  print(`${"all other workshops".padEnd(30)} ${ms(n.quietP95).padStart(10)} ${ms(n.noisyP95).padStart(10)} ${pct(n.rise)}   (${n.quietCount} quiet, ${n.noisyCount} noisy requests)`);
  print(`The rise's 90% interval, resampling phases (what chance alone spans in a run this long): ${pct(n.riseInterval[0]).trim()} to ${pct(n.riseInterval[1]).trim()}`);
  print(`Noisy tenant raises the others' p95 by at most ${MAX_VICTIM_P95_RISE * 100}%: ${n.pass ? "PASS" : `FAIL (${n.reasons.join("; ")})`}`);
}
