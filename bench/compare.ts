/**
 * Two versions of oauth-dance side by side in one run: `npx tsx bench/compare.ts <old> <new> [--quick]`,
 * each a git ref or a working tree on disk (uncommitted changes included). Each version is copied to
 * its own temporary directory and built there (bench/lib/version.ts); its target app
 * (bench/targets/built-app.ts) imports only that build, through the public API both versions share.
 *
 * Per scenario both versions' targets are started fresh (pinned to one core when taskset is there; this
 * process and the provider stand-in on another), checked by hand, warmed up, then measured in
 * interleaved rounds (old, new, new, old, ... so a drift hits both alike). A row gives the median over
 * rounds of each target's CPU µs per request (its own `process.cpuUsage()`), the median of the
 * per-round ratios new/old (each round runs both back to back), the ratio of the medians, and throughput. Writes bench/COMPARE.md and prints it.
 *
 * Durations: BENCH_WARMUP (routes without a back-channel call, s), BENCH_FETCH_WARMUP (routes that call
 * the provider, s), BENCH_SECONDS (per run), BENCH_RUNS (rounds), BENCH_CONNECTIONS; BENCH_SCENARIOS
 * (comma-separated ids) to run a subset; BENCH_PIN=0 to leave CPU affinity alone. `--quick` is a smoke
 * run of about two minutes, too short to compare. `--node 24` runs both targets under that Node major
 * (downloaded once by scripts/node-line.ts); this process and the stand-in stay on the machine's.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { nodeBinary } from '../scripts/node-line.js'
import { type Child, startChild } from './lib/child.js'
import { cookieHeader } from './lib/cookies.js'
import {
  callbackPathFor,
  type LoadOptions,
  type Measure,
  measureApi,
  measureCallback,
  measureLogin,
  median,
} from './lib/load.js'
import { machineSection } from './lib/report.js'
import { interleaved, LOAD_CPU, pin, pinLoadGenerator, TARGET_CPU } from './lib/rounds.js'
import { type BuiltVersion, buildVersion } from './lib/version.js'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const nodeAt = args.indexOf('--node')
const nodeMajor = nodeAt >= 0 ? args[nodeAt + 1] : undefined
const [oldSpec, newSpec] = args.filter((a, i) => !a.startsWith('--') && !(nodeAt >= 0 && i === nodeAt + 1))
if (!oldSpec || !newSpec || (nodeAt >= 0 && !/^\d+$/.test(nodeMajor ?? ''))) {
  console.error(
    'usage: npx tsx bench/compare.ts <old-ref-or-path> <new-ref-or-path> [--quick] [--node <major>]',
  )
  process.exit(2)
}
/** The `node` the targets run under: the machine's, or the `--node` line's. */
const targetNode = nodeMajor === undefined ? process.execPath : nodeBinary(nodeMajor)
const targetNodeVersion = execFileSync(targetNode, ['--version'], { encoding: 'utf8' }).trim()
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const cfg = {
  warmup: env('BENCH_WARMUP', quick ? 2 : 5),
  fetchWarmup: env('BENCH_FETCH_WARMUP', quick ? 3 : 10),
  seconds: env('BENCH_SECONDS', quick ? 1 : 3),
  runs: env('BENCH_RUNS', quick ? 3 : 10),
  connections: env('BENCH_CONNECTIONS', 10),
}
const started = Date.now()
const loadAtStart = loadavg()
const log = (text: string) =>
  console.error(`[compare ${((Date.now() - started) / 1000).toFixed(0)}s] ${text}`)

// ---- CPU affinity: targets on one core, this process (autocannon) and the stand-in on another ------
const pinning = pinLoadGenerator()
if (!pinning) log('not pinning CPUs (taskset missing, one CPU, or BENCH_PIN=0)')

// ---- Scenarios ---------------------------------------------------------------------------------------
interface Scenario {
  id: string
  title: string
  framework: 'express' | 'fastify'
  /** Counted per loop: 2 for a login→callback pair. */
  unit: 'request' | 'pair'
  fetches: boolean
  /** Checks a target by hand and returns the measurement to run on it. */
  prepare(child: Child): Promise<(load: LoadOptions) => Promise<Measure>>
}

const LOGIN = '/login/github'

async function login(child: Child): Promise<Response> {
  const response = await fetch(`${child.origin}${LOGIN}`, { redirect: 'manual' })
  const location = response.headers.get('location') ?? ''
  if (response.status !== 302 || !location.includes('code_challenge_method=S256')) {
    throw new Error(`${child.name}: login answered ${response.status} ${location}`)
  }
  return response
}

/** A login and its callback by hand; returns the cookies a browser would hold afterwards. */
async function loginAndCallback(child: Child): Promise<string> {
  const started = await login(child)
  const callback = await fetch(`${child.origin}${callbackPathFor(started.headers.get('location')!)}`, {
    redirect: 'manual',
    headers: { cookie: cookieHeader(started.headers.getSetCookie()) },
  })
  if (callback.status !== 302 || !callback.headers.get('location')?.endsWith('/')) {
    throw new Error(`${child.name}: callback answered ${callback.status} ${await callback.text()}`)
  }
  return cookieHeader(callback.headers.getSetCookie())
}

const loginScenario = (framework: Scenario['framework']): Scenario => ({
  id: `${framework}-login`,
  title: `${framework === 'express' ? 'Express' : 'Fastify'}: login redirect`,
  framework,
  unit: 'request',
  fetches: false,
  prepare: async (child) => {
    await login(child)
    return (load) => measureLogin(child.origin, LOGIN, load)
  },
})
const callbackScenario = (framework: Scenario['framework']): Scenario => ({
  id: `${framework}-callback`,
  title: `${framework === 'express' ? 'Express' : 'Fastify'}: login → callback pair`,
  framework,
  unit: 'pair',
  fetches: true,
  prepare: async (child) => {
    await loginAndCallback(child)
    return (load) => measureCallback(child.origin, LOGIN, load)
  },
})
const SCENARIOS: Scenario[] = [
  loginScenario('express'),
  callbackScenario('express'),
  loginScenario('fastify'),
  callbackScenario('fastify'),
  {
    id: 'express-api',
    title: "Express: API call, github.get('/user') with the session's token",
    framework: 'express',
    unit: 'request',
    fetches: true,
    prepare: async (child) => {
      // The token is stored the way an app gets it: by a real login and callback.
      const cookie = await loginAndCallback(child)
      const answer = await fetch(`${child.origin}/api`, { headers: { cookie } })
      const body = await answer.text()
      if (answer.status !== 200 || !body.includes('"login":"bench"')) {
        throw new Error(`${child.name}: /api answered ${answer.status} ${body}`)
      }
      return (load) => measureApi(child.origin, cookie, load)
    },
  },
]
const only = process.env.BENCH_SCENARIOS?.split(',').map((s) => s.trim())
const scenarios = only ? SCENARIOS.filter((s) => only.includes(s.id)) : SCENARIOS
if (scenarios.length === 0) throw new Error(`no scenario among ${SCENARIOS.map((s) => s.id).join(', ')}`)

// ---- Measurement -------------------------------------------------------------------------------------
interface Sample {
  cpu: number
  rate: number
  p50: number
  wrong: number
}

interface Outcome {
  scenario: Scenario
  old: Sample[]
  new: Sample[]
}

const toSample = (m: Measure): Sample => ({
  cpu: m.cpu ?? Number.NaN,
  rate: m.rps,
  p50: m.p50,
  wrong: m.wrong,
})

async function compare(scenario: Scenario, versions: [BuiltVersion, BuiltVersion], provider: string) {
  const children: Child[] = []
  try {
    for (const [i, version] of versions.entries()) {
      const child = await startChild(
        `${i === 0 ? 'old' : 'new'} ${version.label}`,
        'targets/built-app.ts',
        [scenario.framework, version.dist, provider],
        // Without the root tsconfig's paths, `#back-channel` inside each build resolves through that
        // version's own package.json imports, to its own dist (found 2026-12-05: both loaded ours).
        { TSX_TSCONFIG_PATH: fileURLToPath(new URL('./tsconfig.built-app.json', import.meta.url)) },
        [],
        60_000,
        targetNode,
      )
      children.push(child)
      if (pinning && !pin(child.process.pid!, TARGET_CPU)) log(`could not pin ${child.name}`)
    }
    const measures = await Promise.all(children.map((child) => scenario.prepare(child)))
    const [old, next] = await interleaved(
      children.map((child, i) => ({ child, measure: measures[i]! })),
      {
        warmup: scenario.fetches ? cfg.fetchWarmup : cfg.warmup,
        seconds: cfg.seconds,
        runs: cfg.runs,
        connections: cfg.connections,
        perUnit: scenario.unit === 'pair' ? 2 : 1,
      },
    )
    return { scenario, old: old!.map(toSample), new: next!.map(toSample) }
  } finally {
    for (const child of children) await child.stop()
  }
}

// ---- Report ------------------------------------------------------------------------------------------
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')

function row({ scenario, old, new: next }: Outcome): string {
  const cpuOld = median(old.map((s) => s.cpu))
  const cpuNew = median(next.map((s) => s.cpu))
  const paired = old.map((s, i) => next[i]!.cpu / s.cpu)
  const rateOld = median(old.map((s) => s.rate))
  const rateNew = median(next.map((s) => s.rate))
  const wrong = [...old, ...next].reduce((n, s) => n + s.wrong, 0)
  return `| ${[
    scenario.title,
    fmt(cpuOld),
    fmt(cpuNew),
    `**${fmt(median(paired), 3)}×** (${fmt(Math.min(...paired), 2)}–${fmt(Math.max(...paired), 2)})`,
    `${fmt(cpuNew / cpuOld, 3)}×`,
    fmt(rateOld),
    fmt(rateNew),
    `${fmt(rateNew / rateOld, 2)}×`,
    String(wrong),
  ].join(' | ')} |`
}

function rounds({ scenario, old, new: next }: Outcome): string {
  const list = (samples: Sample[]) => samples.map((s) => fmt(s.cpu)).join(', ')
  return `- ${scenario.title}: old ${list(old)}; new ${list(next)} (µs per ${scenario.unit})`
}

// ---- Run ---------------------------------------------------------------------------------------------
log(`building old = ${oldSpec}, new = ${newSpec}`)
const built: BuiltVersion[] = []
let standIn: Child | undefined
try {
  built.push(buildVersion(oldSpec, 'old'))
  built.push(buildVersion(newSpec, 'new'))
  const versions = built as [BuiltVersion, BuiltVersion]
  for (const v of versions) {
    for (const drift of v.dependencyDrift)
      log(`warning: dependency differs, symlinked node_modules may not fit: ${drift}`)
  }
  standIn = await startChild('stand-in', 'stand-in.ts', [])
  const outcomes: Outcome[] = []
  for (const scenario of scenarios) {
    log(`${scenario.id}: ${versions[0].label} vs ${versions[1].label}`)
    const outcome = await compare(scenario, versions, standIn.origin)
    log(row(outcome))
    outcomes.push(outcome)
  }
  const wrong = outcomes.flatMap((o) => [...o.old, ...o.new]).reduce((n, s) => n + s.wrong, 0)
  const report = `# oauth-dance: old against new

Generated by \`npx tsx bench/compare.ts ${oldSpec} ${newSpec}${quick ? ' --quick' : ''}${nodeMajor ? ` --node ${nodeMajor}` : ''}\` on ${new Date().toISOString()}${quick ? ' (**--quick: a smoke run, not a comparison**)' : ''}.

- Old: \`${oldSpec}\` = ${versions[0].label}; new: \`${newSpec}\` = ${versions[1].label}; each built with \`tsc -p tsconfig.build.json\` in its own directory, its app importing only that build's public API (bench/targets/built-app.ts).
- Per scenario: both targets started fresh, warmed up ${cfg.warmup} s (login) / ${cfg.fetchWarmup} s (routes that call the provider stand-in), then ${cfg.runs} interleaved rounds of ${cfg.seconds} s each (old, new, new, old, ...), ${cfg.connections} connections.
- Targets run on Node ${targetNodeVersion}.
- ${pinning ? `Targets pinned to CPU ${TARGET_CPU}, load generator and provider stand-in to CPU ${LOAD_CPU} (taskset).` : 'CPUs not pinned.'} ${wrong === 0 ? 'Every answer was checked; none was wrong.' : `**${wrong} answers were wrong (see the wrong column).**`}

${machineSection(loadAtStart)}

CPU µs per request is the target process's own CPU time (user + system) over the requests it served, the
median of the rounds; a pair is a login and its callback. **new/old CPU** is the median (and range) of the
ratio within each round, where old and new ran back to back under the same neighbours: the figure to judge
by. The ratio of the two medians is shown too; on a shared machine a load change between rounds moves it
more. Throughput is wall-clock and moves with every neighbour; it is shown, not judged.

| Scenario | old CPU µs/req | new CPU µs/req | new/old CPU, per round (min–max) | ratio of medians | old req/s | new req/s | new/old req/s | wrong |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${outcomes.map(row).join('\n')}

CPU per round:

${outcomes.map(rounds).join('\n')}
`
  writeFileSync(new URL('./COMPARE.md', import.meta.url), report)
  console.log(report)
  log('done; wrote bench/COMPARE.md')
} finally {
  await standIn?.stop()
  for (const v of built) v.cleanup()
}
process.exit(0)
