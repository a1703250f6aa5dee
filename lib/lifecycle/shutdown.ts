// What a stopping server must close, gathered where the resources are made.
// The production server (scripts/production-server.mjs) runs the hooks after it
// has stopped taking connections. It lives outside Next's bundle, and each of
// Next's bundles has its own copy of this module, so the list is kept on
// globalThis under a name that file reads too: keep the two in step.

/**
 * "work": stop taking new background work and let running work finish (runs while requests drain);
 * "connections": close pools once no request or job can use them any more.
 */
export type ShutdownStage = "work" | "connections";

export interface ShutdownHook {
  stage: ShutdownStage;
  name: string;
  /** resolves when done; `deadline` (epoch ms) is when the process exits regardless */
  run(deadline: number): Promise<void>;
}

interface ShutdownRegistry {
  /** set by the production server before Next loads: it, not Next or each module, handles SIGTERM */
  managed: boolean;
  hooks: ShutdownHook[];
}

const holder = globalThis as unknown as { awmsShutdown?: ShutdownRegistry };

function registry(): ShutdownRegistry {
  holder.awmsShutdown ??= { managed: false, hooks: [] };
  return holder.awmsShutdown;
}

/** Registers something to stop or close when the production server shuts down. */
export function onShutdown(stage: ShutdownStage, name: string, run: (deadline: number) => Promise<unknown>): void {
  registry().hooks.push({ stage, name, run: async (deadline) => void (await run(deadline)) });
}

/** True under the production server; otherwise (`next start`, `next dev`) a module handles signals itself. */
export function shutdownIsManaged(): boolean {
  return registry().managed;
}
