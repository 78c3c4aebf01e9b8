/**
 * What the collector did inside a target between two IPC messages (`{ gc: 'start' }`, then
 * `{ gc: 'stop' }`), for `bench/promoted.ts`: V8's own per-collection records (`v8.GCProfiler`), reduced
 * to what says whether requests outlive the young generation. Bytes a scavenge moves into the old
 * generation are objects that were still alive after surviving one scavenge already; a request whose
 * objects die with it promotes nothing, and whatever it promotes is later paid for by mark-compacts.
 */
import { GCProfiler } from 'node:v8'

/** The summary `{ gc: 'stop' }` answers with. */
export interface GcSummary {
  scavenges: number
  markCompacts: number
  /** Old-generation growth over all scavenges (bytes moved out of the young generation). */
  promotedBytes: number
  /** Time inside collections on the main thread, in ms (helper threads not counted). */
  pauseMs: number
}

const OLD_SPACES = new Set(['old_space', 'code_space', 'large_object_space'])
let profiler: GCProfiler | undefined

/** Starts a profile (`start`), or stops the running one and sums it up (`stop`). */
export function gcProfile(step: 'start' | 'stop'): GcSummary | true {
  if (step === 'start') {
    profiler = new GCProfiler()
    profiler.start()
    return true
  }
  const result = profiler?.stop()
  profiler = undefined
  const summary: GcSummary = { scavenges: 0, markCompacts: 0, promotedBytes: 0, pauseMs: 0 }
  for (const gc of result?.statistics ?? []) {
    summary.pauseMs += gc.cost / 1000
    if (gc.gcType === 'MarkSweepCompact') summary.markCompacts++
    if (gc.gcType !== 'Scavenge') continue
    summary.scavenges++
    summary.promotedBytes +=
      oldUsed(gc.afterGC.heapSpaceStatistics) - oldUsed(gc.beforeGC.heapSpaceStatistics)
  }
  return summary
}

function oldUsed(spaces: ReadonlyArray<{ spaceName: string; spaceUsedSize: number }>): number {
  let used = 0
  for (const space of spaces) if (OLD_SPACES.has(space.spaceName)) used += space.spaceUsedSize
  return used
}
