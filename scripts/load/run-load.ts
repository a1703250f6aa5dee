// One load run against a running AWMS: everybody signs in, a warm-up, then phases that
// alternate quiet (every workshop at its ordinary pace) and noisy (the same, plus one
// workshop's flood). Alternating quiet/noisy through the run, rather than one of each,
// spreads whatever drifts on a shared 2-core machine (caches, autovacuum, the tables
// growing, another process) over both sides of the comparison.
import { writeFileSync } from "node:fs";
import type { LoadTenant } from "./dataset";
import { advisor, apiClient, flood, signIn, technician, type Run } from "./members";
import { Recorder, type Phase } from "./recorder";
import { prng } from "../bench/prng";

export interface LoadOptions {
  url: string;
  tenants: LoadTenant[];
  /** the tenant whose integration floods its API limit (its members keep working normally) */
  noisy: number;
  warmupSeconds: number;
  phaseSeconds: number;
  /** quiet + noisy pairs */
  pairs: number;
  floodRps: number;
  /** what the flood calls under /api/v1: a list (costly when answered) or /me (a key lookup) */
  floodPath: string;
  thinkMs: number;
  advisorsPerTenant: number;
  techniciansPerTenant: number;
  apiClientsPerTenant: number;
  log?: (line: string) => void;
}

export interface LoadResult {
  recorder: Recorder;
  noisy: number;
  /** seconds measured (warm-up excluded) */
  seconds: number;
  phaseSeconds: number;
  pairs: number;
  floodRps: number;
  floodPath: string;
  people: { advisors: number; technicians: number; apiClients: number };
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const log = options.log ?? (() => {});
  const recorder = new Recorder();
  let running = true;
  const run: Run = { url: options.url, recorder, running: () => running, random: prng(20261130), thinkMs: options.thinkMs };
  const advisors: [LoadTenant, string][] = [];
  const technicians: [LoadTenant, string][] = [];
  for (const tenant of options.tenants) {
    for (const email of tenant.advisorEmails.slice(0, options.advisorsPerTenant)) advisors.push([tenant, await signIn(run, email)]);
    for (const email of tenant.technicianEmails.slice(0, options.techniciansPerTenant)) technicians.push([tenant, await signIn(run, email)]);
  }
  const noisyTenant = options.tenants[options.noisy]!;
  const apiClients = (options.tenants.length - 1) * options.apiClientsPerTenant;
  log(`${advisors.length} advisors, ${technicians.length} technicians signed in, ${apiClients} API clients; ` +
    `${noisyTenant.slug} floods GET /api/v1${options.floodPath} at ${options.floodRps} requests/s in noisy phases`);

  const loops = [
    ...advisors.map(([tenant, cookie]) => advisor(run, tenant, cookie)),
    ...technicians.map(([tenant, cookie]) => technician(run, tenant, cookie)),
    // The noisy workshop's own integration is the flood: an ordinary client beside it would share its limit.
    ...options.tenants.filter((tenant) => tenant !== noisyTenant).flatMap((tenant) => Array.from({ length: options.apiClientsPerTenant }, () => apiClient(run, tenant))),
    flood(run, noisyTenant, options.floodRps, options.floodPath, () => recorder.phase === "noisy"),
  ];
  const phases: Phase[] = Array.from({ length: options.pairs }, (): Phase[] => ["quiet", "noisy"]).flat();
  try {
    await sleep(options.warmupSeconds);
    for (const [i, phase] of phases.entries()) {
      recorder.phase = phase;
      recorder.round = i + 1;
      log(`  phase ${i + 1}/${phases.length}: ${phase}`);
      await sleep(options.phaseSeconds);
    }
  } finally {
    running = false;
    await Promise.all(loops);
  }
  // Every request's timing, for a closer look than the report's percentiles.
  if (process.env.LOAD_SAMPLES_FILE) writeFileSync(process.env.LOAD_SAMPLES_FILE, JSON.stringify(recorder.samples));
  return {
    recorder,
    noisy: options.noisy,
    seconds: phases.length * options.phaseSeconds,
    phaseSeconds: options.phaseSeconds,
    pairs: options.pairs,
    floodRps: options.floodRps,
    floodPath: options.floodPath,
    people: { advisors: advisors.length, technicians: technicians.length, apiClients },
  };
}
