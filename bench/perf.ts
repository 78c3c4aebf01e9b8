/**
 * Where one target's CPU goes, every thread counted: `npx tsx bench/perf.ts <target>[@<major>]
 * <login|callback|api> [seconds]`. Starts the provider stand-in and the target (bench/targets/main.ts,
 * the tsc build `npm run bench` measures) with `--perf-basic-prof`, pinned as `npm run bench` pins them,
 * warms it up, then runs Linux `perf record -g` on the target's process during a measured run and sorts
 * every sample into a part: GC (V8's collector on any thread), our code (src/, by the innermost of our
 * functions on the stack, with what it calls), a package (by the innermost JavaScript frame's package),
 * Node's own modules, native code and the kernel with no JavaScript under them. Parts are printed in µs
 * per request (per pair for `callback`): each part's share of the samples times the CPU per request the
 * target's `process.cpuUsage` gave over the same run, which includes the sampling's own cost (a few
 * per cent at 999 Hz): read the parts against each other, not against `npm run bench`'s figures.
 *
 * Why not `bench/profile.ts` (V8's `--cpu-prof`) for this: V8's profiler samples the main JavaScript
 * thread only, so the collector's helper threads, which `process.cpuUsage` (and so every budget line)
 * counts, are missing, and its per-request figures disagreed with `process.cpuUsage` by about a third
 * (bench/NOTES.md item 11). Caveat on the per-function parts: V8 reuses the addresses of code it has
 * thrown away, and `--perf-basic-prof`'s map keeps every name an address ever had, so a sample can be
 * named after a function that no longer lives there (seen: one of our functions on the stack of a
 * socket write it never makes, item 12). GC (by thread) and kernel shares are not affected, the
 * JavaScript parts (ours, packages, Node modules) can be; check a surprising function with `perf report` on the printed perf.data before believing it. Needs `perf` (Debian: `apt-get install linux-perf`) and the right to trace
 * the target (root, or `kernel.perf_event_paranoid` ≤ 1).
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nodeBinary } from '../scripts/node-line.js'
import { BUILD_DIR, buildBench } from './lib/build.js'
import { ask, startChild } from './lib/child.js'
import { LOAD_CPU, pin, pinLoadGenerator, TARGET_CPU } from './lib/rounds.js'
import { scenarioLoad } from './lib/scenario.js'

const [kindArg = 'fastify-ours', scenario = 'login', secondsArg = '6'] = process.argv.slice(2)
const seconds = Number(secondsArg)
const [kind = kindArg, major] = kindArg.split('@')
const perUnit = scenario === 'callback' ? 2 : 1

const pinning = pinLoadGenerator()
const built = buildBench()
const standIn = await startChild('stand-in', 'stand-in.ts', [])
if (pinning) pin(standIn.process.pid!, LOAD_CPU)
const target = await startChild(
  kindArg,
  built('targets/main.ts'),
  [kind, standIn.origin],
  {},
  ['--perf-basic-prof'],
  60_000,
  major ? nodeBinary(major) : undefined,
)
if (pinning) pin(target.process.pid!, TARGET_CPU)
const run = await scenarioLoad(target, scenario)
await run({ seconds: scenario === 'login' ? 5 : 10, connections: 10 })

const data = join(mkdtempSync(join(tmpdir(), 'oauth-dance-perf-')), 'perf.data')
// 999 Hz: enough samples in a few seconds, little of perf's own cost on the target's core (the
// sampling interrupt runs there and counts in its CPU time); perf's writer runs beside autocannon.
const perf = spawn(
  pinning ? 'taskset' : 'perf',
  [
    ...(pinning ? ['-c', LOAD_CPU, 'perf'] : []),
    'record',
    '-F',
    '999',
    '-g',
    '-p',
    String(target.process.pid),
    '-o',
    data,
  ],
  { stdio: 'ignore' },
)
await new Promise((resolve) => setTimeout(resolve, 300))
const before = await ask<number>(target, { cpu: true })
const measured = await run({ seconds, connections: 10 })
const after = await ask<number>(target, { cpu: true })
perf.kill('SIGINT')
await new Promise((resolve) => perf.once('exit', resolve))
await target.stop()
await standIn.stop()
const cpuPerUnit = (after - before) / (measured.total / perUnit)

/** The part a sample belongs to, from its stack (leaf first, one `addr symbol (dso)` per line). */
function partOf(frames: readonly string[]): string {
  if (
    frames.some((f) =>
      /Scaveng|MarkCompact|ConcurrentMarking|MinorMark|Sweeper|GCTracer|Heap::Collect/.test(f),
    )
  )
    return 'GC (any thread)'
  const js = frames.filter((f) => f.includes(' JS:'))
  const ours = js.find((f) => f.includes(`${BUILD_DIR}/src/`))
  if (ours) {
    const name = ours.slice(ours.indexOf(' JS:') + 4).replace(/\+0x[0-9a-f]+ .*$/, '')
    return `ours: ${name.replace(/^[*~^+']+/, '').replace(`file://${BUILD_DIR}/src/`, '')}`
  }
  const first = js[0]
  if (first) {
    const modules = first.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)
    if (modules) return `package: ${modules[1]}`
    const internal = first.match(/node:(?:internal\/)?([a-z_]+)/)
    if (internal) return `node: ${internal[1]}`
    return 'other JavaScript'
  }
  return frames[0]?.includes('[kernel') ? 'kernel, no JavaScript above' : 'native, no JavaScript above'
}

const script = execFileSync('perf', ['script', '-i', data], {
  encoding: 'utf8',
  maxBuffer: 1 << 30,
  stdio: ['ignore', 'pipe', 'ignore'],
})
const parts = new Map<string, number>()
let samples = 0
for (const block of script.split('\n\n')) {
  const lines = block.trim().split('\n')
  if (lines.length < 2) continue
  samples++
  const part = partOf(lines.slice(1))
  parts.set(part, (parts.get(part) ?? 0) + 1)
}
const unit = scenario === 'callback' ? 'pair' : 'request'
console.log(
  `${kindArg} ${scenario}: ${measured.total} ${unit}s in ${seconds} s, ${cpuPerUnit.toFixed(0)} µs CPU per ${unit} (process.cpuUsage), ${samples} perf samples; ${data}\n`,
)
for (const [part, count] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`${((count / samples) * cpuPerUnit).toFixed(1).padStart(8)} µs/${unit}  ${part}`)
}
process.exit(0)
