// An export allocates gigabytes of short strings over minutes; V8 lets garbage
// pile up in the old generation until its (large, memory-sized) limit before it
// collects, so the process's memory would grow with the size of the workshop.
// The export asks for a full collection itself whenever the heap has grown by
// a few tens of megabytes since the last one, which keeps memory flat; a
// process whose V8 already collects that often is never asked twice.
import { getHeapStatistics, setFlagsFromString } from "node:v8";
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

/** A check to call after each batch: collects once the heap has grown by `growthBytes` since the last collection. */
export function collectWhenGrown(growthBytes: number): () => void {
  const gc = heapCollector();
  let floor = getHeapStatistics().used_heap_size;
  return () => {
    if (!gc) return;
    const used = getHeapStatistics().used_heap_size;
    if (used < floor) floor = used;
    if (used - floor < growthBytes) return;
    gc();
    floor = getHeapStatistics().used_heap_size;
  };
}
