/**
 * Two or more targets of `npm run bench` head to head, in more rounds than the full run affords:
 * `npx tsx bench/head-to-head.ts <login|callback|api> <reference> <other>... [--rounds N] [--seconds S]`.
 * A target is a kind of bench/targets/main.ts, `@<major>` after it to run under another Node line
 * (`express-ours@24`). Pinned and interleaved as `npm run bench` is (bench/lib/rounds.ts); prints each
 * target's median CPU per request (per pair for `callback`), and its CPU against the reference as the
 * median of the per-round ratios with their range: within a round both ran under the same neighbours,
 * so this is steadier than the ratio of two medians the full run's budget lines use. For `login` it
 * also prints the size of each target's answer in bytes.
 *
 * Controls that only this script runs: `fastify-oauth2-padded`, @fastify/oauth2 with its login answer
 * brought to the size of ours (bench/targets/other-frameworks.ts).
 */
import { request } from 'node:http'
import { nodeBinary } from '../scripts/node-line.js'
import { buildBench } from './lib/build.js'
import { type Child, startChild } from './lib/child.js'
import { median } from './lib/load.js'
import { interleaved, LOAD_CPU, pin, pinLoadGenerator, TARGET_CPU } from './lib/rounds.js'
import { scenarioLoad } from './lib/scenario.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name)
  if (at === -1) return fallback
  const value = Number(args[at + 1])
  args.splice(at, 2)
  return value
}
const rounds = option('--rounds', 10)
const seconds = option('--seconds', 3)
const [scenario, ...kinds] = args
if (!scenario || !['login', 'callback', 'api'].includes(scenario) || kinds.length < 2) {
  throw new Error(
    'usage: npx tsx bench/head-to-head.ts <login|callback|api> <reference> <other>... [--rounds N] [--seconds S]',
  )
}

/** Bytes of the raw HTTP answer to one GET (status line, headers, body). */
function answerBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let bytes = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n\r\n`.length
      for (let i = 0; i < res.rawHeaders.length; i += 2) {
        bytes += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`.length
      }
      res.on('data', (chunk: Buffer) => (bytes += chunk.length))
      res.on('end', () => resolve(bytes))
    })
    req.on('error', reject)
    req.end()
  })
}

const pinning = pinLoadGenerator()
const built = buildBench()
const standIn = await startChild('stand-in', 'stand-in.ts', [])
if (pinning) pin(standIn.process.pid!, LOAD_CPU)
const children: Child[] = []
for (const kind of kinds) {
  const [app = kind, major] = kind.split('@')
  const child = await startChild(
    kind,
    built('targets/main.ts'),
    [app, standIn.origin],
    {},
    [],
    60_000,
    major ? nodeBinary(major) : undefined,
  )
  if (pinning) pin(child.process.pid!, TARGET_CPU)
  children.push(child)
}

const targets = await Promise.all(
  children.map(async (child) => ({ child, measure: await scenarioLoad(child, scenario) })),
)
const sizes =
  scenario === 'login'
    ? await Promise.all(children.map((child) => answerBytes(`${child.origin}${String(child.info.login)}`)))
    : undefined
const runs = await interleaved(targets, {
  warmup: scenario === 'login' ? 5 : 10,
  seconds,
  runs: rounds,
  connections: 10,
  perUnit: scenario === 'callback' ? 2 : 1,
})
for (const child of [...children, standIn]) await child.stop()

const cpu = (i: number) => runs[i]!.map((m) => m.cpu ?? Number.NaN)
const wrong = (i: number) => runs[i]!.reduce((sum, m) => sum + m.wrong, 0)
const unit = scenario === 'callback' ? 'pair' : 'req'
console.log(
  `${scenario}: ${rounds} interleaved rounds of ${seconds} s; CPU per ${unit}; ratio = median (range) of per-round ratios to ${kinds[0]}`,
)
console.log(`| target |${sizes ? ' answer bytes |' : ''} CPU µs/${unit} | ratio | wrong |`)
console.log(`|---|${sizes ? '---:|' : ''}---:|---:|---:|`)
for (const [i, kind] of kinds.entries()) {
  const ratios = cpu(i).map((value, round) => value / cpu(0)[round]!)
  const ratio =
    i === 0
      ? '1'
      : `${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`
  console.log(
    `| ${kind} |${sizes ? ` ${sizes[i]} |` : ''} ${median(cpu(i)).toFixed(0)} | ${ratio} | ${wrong(i)} |`,
  )
}
