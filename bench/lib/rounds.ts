/**
 * The measuring loop both `bench/run.ts` and `bench/compare.ts` use: CPU pinning (targets on one
 * core, the load generator and the provider stand-in on the other) and interleaved rounds, where every
 * target of a scenario runs once per round and the order reverses every other round, so a neighbour's
 * burst or a slow drift falls on all of them alike. CPU per request is the target's own
 * `process.cpuUsage()` over the requests it served.
 */
import { execFileSync } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { ask, type Child } from './child.js'
import type { LoadOptions, Measure } from './load.js'

/** The core the targets run on, and the one this process and the stand-in run on. */
export const TARGET_CPU = '1'
export const LOAD_CPU = '0'

/** Pins every thread of `pid` to `cpu` with taskset; false when that is not possible. */
export function pin(pid: number, cpu: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-cp', cpu, String(pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * Pins this process to {@link LOAD_CPU} unless `BENCH_PIN=0`, there is one CPU, or taskset is missing.
 * Returns whether targets should be pinned too.
 */
export function pinLoadGenerator(): boolean {
  return process.env.BENCH_PIN !== '0' && availableParallelism() >= 2 && pin(process.pid, LOAD_CPU)
}

/** How a scenario is measured. */
export interface RoundOptions {
  /** Warm-up per target, in seconds (0 for none). */
  warmup: number
  /** Seconds per measured run. */
  seconds: number
  /** Rounds (one run of every target each). */
  runs: number
  connections: number
  /** Loops counted per unit: 2 when a loop is a login→callback pair and CPU is reported per pair. */
  perUnit?: number
}

/** One target of a scenario: its process and the load to run on it. */
export interface RoundTarget {
  child: Child
  measure(load: LoadOptions): Promise<Measure>
}

/** One measured run, with `cpu` (µs per request or pair) filled in. */
export async function sample(target: RoundTarget, seconds: number, options: RoundOptions): Promise<Measure> {
  const before = await ask<number>(target.child, { cpu: true })
  const result = await target.measure({ seconds, connections: options.connections })
  const after = await ask<number>(target.child, { cpu: true })
  result.cpu = (after - before) / Math.max(1, result.total / (options.perUnit ?? 1))
  return result
}

/**
 * Warms every target up, then measures them in `runs` interleaved rounds (0, 1, …, n, then n, …, 1, 0).
 * Returns the runs of each target, in the order of `targets`; round `i` of every target is entry `i`.
 */
export async function interleaved(
  targets: readonly RoundTarget[],
  options: RoundOptions,
): Promise<Measure[][]> {
  if (options.warmup > 0) for (const target of targets) await sample(target, options.warmup, options)
  const runs: Measure[][] = targets.map(() => [])
  const forward = targets.map((_, i) => i)
  const backward = [...forward].reverse()
  for (let round = 0; round < options.runs; round++) {
    for (const i of round % 2 === 0 ? forward : backward) {
      runs[i]!.push(await sample(targets[i]!, options.seconds, options))
    }
  }
  return runs
}
