/**
 * A CPU profile of one target under load: `npx tsx bench/profile.ts <target> <login|callback|api>
 * [seconds] [outdir]`. Starts the provider stand-in and the target (`bench/targets/main.ts`, the same
 * apps `npm run bench` measures) with `node --cpu-prof`, warms it up, profiles `seconds` of load, and
 * prints where the target's CPU went: self time by function and inclusive time by function, as
 * microseconds per request, with our own files (src/) marked. The target runs compiled by tsc under
 * plain node, as in `npm run bench` (bench/lib/build.ts): line numbers are those of the built `.js`. The `.cpuprofile` stays in `outdir`
 * (default a temporary directory) for Chrome DevTools.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BUILD_DIR, buildBench } from './lib/build.js'
import { startChild } from './lib/child.js'
import { scenarioLoad } from './lib/scenario.js'

const [kind = 'fastify-ours', scenario = 'login', secondsArg = '10', outArg] = process.argv.slice(2)
const seconds = Number(secondsArg)
const out = outArg ?? mkdtempSync(join(tmpdir(), 'oauth-dance-profile-'))

const standIn = await startChild('stand-in', 'stand-in.ts', [])
const built = buildBench()
const target = await startChild(kind, built('targets/main.ts'), [kind, standIn.origin], {}, [
  '--cpu-prof',
  `--cpu-prof-dir=${out}`,
  '--cpu-prof-interval=100',
])
const run = await scenarioLoad(target, scenario)
// Warm-up is inside the profile too; it is short next to the measured part and JIT work shows as such.
await run({ seconds: 3, connections: 10 })
const measured = await run({ seconds, connections: 10 })
await target.stop()
await standIn.stop()

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
const file = readdirSync(out).find((f) => f.endsWith('.cpuprofile'))
if (!file) throw new Error(`no profile in ${out}`)
const profile = JSON.parse(readFileSync(join(out, file), 'utf8')) as {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
}
const requests = measured.total + 3 * measured.rps // roughly: the warm-up's requests are profiled too
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const selfUs = new Map<number, number>()
for (const [i, id] of profile.samples.entries())
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))

const label = (n: Node) => {
  const url = n.callFrame.url
    .replace(/^file:\/\//, '')
    .replace(BUILD_DIR, '.')
    .replace(process.cwd(), '.')
  const short = url.includes('node_modules')
    ? url.slice(url.lastIndexOf('node_modules/') + 13)
    : url.startsWith('./src')
      ? `*${url}`
      : url
  return `${n.callFrame.functionName || '(anonymous)'} ${short}:${n.callFrame.lineNumber + 1}`
}
const self = new Map<string, number>()
const inclusive = new Map<string, number>()
for (const [id, us] of selfUs) {
  const node = byId.get(id)!
  self.set(label(node), (self.get(label(node)) ?? 0) + us)
  const seen = new Set<string>()
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = label(byId.get(at)!)
    if (seen.has(name)) continue
    seen.add(name)
    inclusive.set(name, (inclusive.get(name) ?? 0) + us)
  }
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0)
const top = (map: Map<string, number>, n: number) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => `${(us / requests).toFixed(1).padStart(8)} µs/req  ${name}`)
    .join('\n')
console.log(
  `${kind} ${scenario}: ${requests.toFixed(0)} ${scenario === 'callback' ? 'pairs' : 'requests'} profiled, ${(total / requests).toFixed(0)} µs sampled per unit; profile ${join(out, file)}\n`,
)
console.log(`Self time (* = src/):\n${top(self, 30)}\n`)
console.log(`Inclusive time:\n${top(inclusive, 60)}`)
process.exit(0)
