// What the load saw: every request's route, workshop, phase, time and outcome.
import { percentiles, type Percentiles } from "../bench/timing";

export type Phase = "warm-up" | "quiet" | "noisy";

export interface Sample {
  route: string;
  tenant: number;
  phase: Phase;
  /** which phase of the run (0 for the warm-up, then 1, 2, …): requests of one phase share its moments */
  round: number;
  ms: number;
  /** when it was sent, ms since the recorder was made */
  at: number;
  status: number;
  /** the answer the caller wanted (a 429 counts as wanted only for the noisy tenant's flood) */
  ok: boolean;
  /** the noisy tenant's own flood, apart from its members' ordinary work */
  flood: boolean;
  /** what went wrong, for the first few failures printed */
  detail?: string;
}

export class Recorder {
  readonly samples: Sample[] = [];
  phase: Phase = "warm-up";
  round = 0;
  readonly started = performance.now();

  /** Times one request; `judge` says whether the answer is the one the caller wanted. */
  async time<T>(route: string, tenant: number, run: () => Promise<{ status: number; ok: boolean; value?: T; detail?: string }>, flood = false): Promise<T | undefined> {
    const [phase, round] = [this.phase, this.round];
    const started = performance.now();
    try {
      const outcome = await run();
      this.samples.push({ route, tenant, phase, round, ms: performance.now() - started, at: started - this.started, status: outcome.status, ok: outcome.ok, flood, detail: outcome.detail });
      return outcome.ok ? outcome.value : undefined;
    } catch (error) {
      this.samples.push({ route, tenant, phase, round, ms: performance.now() - started, at: started - this.started, status: 0, ok: false, flood, detail: (error as Error).message });
      return undefined;
    }
  }

  measured(): Sample[] {
    return this.samples.filter((sample) => sample.phase !== "warm-up");
  }
}

export interface RouteStats extends Percentiles {
  route: string;
  count: number;
  rps: number;
  errors: number;
  /** 429s: expected for the flood, an error anywhere else */
  limited: number;
}

export function routeStats(samples: Sample[], seconds: number): RouteStats[] {
  const routes = [...new Set(samples.map((sample) => sample.route))].sort();
  return routes.map((route) => {
    const mine = samples.filter((sample) => sample.route === route);
    return {
      route,
      count: mine.length,
      rps: mine.length / seconds,
      errors: mine.filter((sample) => !sample.ok).length,
      limited: mine.filter((sample) => sample.status === 429).length,
      ...percentiles(mine.map((sample) => sample.ms)),
    };
  });
}
