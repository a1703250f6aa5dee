// An export allocates gigabytes of short strings over minutes; V8 lets garbage
// pile up in the old generation until its (large, memory-sized) limit before it
// collects, so the process's memory would grow with the size of the workshop.
// The export collects garbage itself every few tens of megabytes written, which
// keeps memory flat at the price of a few short pauses a second.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

type Collect = () => void;

let collect: Collect | null | undefined;

/** V8's full collection, when this process can have it (exposed at run time if Node was not started with --expose-gc). */
export function heapCollector(): Collect | null {
  if (collect !== undefined) return collect;
  const existing = (globalThis as { gc?: Collect }).gc;
  if (typeof existing === "function") return (collect = existing);
  try {
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as Collect;
  } catch {
    collect = null;
  }
  return collect;
}

/** Calls the collector once every `bytes` written. */
export function collectEvery(bytes: number): (written: number) => void {
  const gc = heapCollector();
  let since = 0;
  return (written) => {
    since += written;
    if (!gc || since < bytes) return;
    since = 0;
    gc();
  };
}
