/**
 * What outlives the young generation, per request: `npx tsx bench/promoted.ts <login|callback|api>
 * <target>[@<major>]…`. Starts the provider stand-in and each target (bench/targets/main.ts, the tsc
 * build `npm run bench` measures, pinned as it pins them), warms it up, and during a measured run of
 * 10 connections has the target record every collection with `v8.GCProfiler`
 * (bench/targets/gc-profile.ts). Prints, per request (per pair for `callback`): the bytes scavenges
 * moved into the old generation, scavenges and mark-compacts per 10,000, and the main thread's GC
 * pause.
 *
 * Why it exists: a request's objects should die young. Whatever a scavenge promotes is copied once more
 * and later swept by a full mark-compact, which `bench/perf.ts` shows only as "GC". Bench/NOTES.md item
 * 15: a WeakMap keyed on Fastify's request promoted every login's request, reply and scope (about
 * 1.8 KB per login), and removing it took a fifth off the Fastify login's CPU. Plain Node HTTP promotes
 * nothing per request; Express 5 alone promotes about 8 KB, every Express target alike.
 */

import { nodeBinary } from '../scripts/node-line.js'
import { buildBench } from './lib/build.js'
import { ask, startChild } from './lib/child.js'
import { LOAD_CPU, pin, pinLoadGenerator, TARGET_CPU } from './lib/rounds.js'
import { scenarioLoad } from './lib/scenario.js'
import type { GcSummary } from './targets/gc-profile.js'

const [scenario = 'login', ...kinds] = process.argv.slice(2)
if (kinds.length === 0) throw new Error('usage: bench/promoted.ts <login|callback|api> <target>[@<major>]…')
const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const perUnit = scenario === 'callback' ? 2 : 1

const pinning = pinLoadGenerator()
const built = buildBench()
const standIn = await startChild('stand-in', 'stand-in.ts', [])
if (pinning) pin(standIn.process.pid!, LOAD_CPU)
const rows: string[] = []
for (const kindArg of kinds) {
  const [kind = kindArg, major] = kindArg.split('@')
  const target = await startChild(
    kindArg,
    built('targets/main.ts'),
    [kind, standIn.origin],
    {},
    [],
    60_000,
    major ? nodeBinary(major) : undefined,
  )
  if (pinning) pin(target.process.pid!, TARGET_CPU)
  const run = await scenarioLoad(target, scenario)
  await run({ seconds: 3, connections: 10 })
  await ask(target, { gc: 'start' })
  const measured = await run({ seconds, connections: 10 })
  const gc = await ask<GcSummary>(target, { gc: 'stop' })
  await target.stop()
  if (measured.wrong > 0) throw new Error(`${kindArg}: ${measured.wrong} wrong answers`)
  const units = measured.total / perUnit
  rows.push(
    `| ${kindArg} | ${units} | ${(gc.promotedBytes / units).toFixed(0)} | ${((gc.scavenges * 1e4) / units).toFixed(1)} | ${((gc.markCompacts * 1e4) / units).toFixed(2)} | ${((gc.pauseMs * 1000) / units).toFixed(2)} |`,
  )
}
await standIn.stop()
const unit = scenario === 'callback' ? 'pair' : 'request'
console.log(`${scenario}: ${seconds} s of 10 connections per target; per ${unit}\n`)
console.log(
  `| target | ${unit}s | bytes promoted | scavenges per 10k | mark-compacts per 10k | GC pause µs |`,
)
console.log('|---|---:|---:|---:|---:|---:|')
for (const row of rows) console.log(row)
