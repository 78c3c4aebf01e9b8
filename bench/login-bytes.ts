/**
 * What the Fastify login's answer size costs on the wire: `npx tsx bench/login-bytes.ts [rounds]
 * [seconds]`. Measures, in interleaved rounds pinned as `npm run bench` pins them, our Fastify login,
 * @fastify/oauth2's, and a control: @fastify/oauth2 padded to our answer's size (our three security
 * headers and a cookie as long as our sealed one). Prints each answer's size in bytes and the median of
 * the per-round CPU ratios. If the padded control costs what ours does, the gap between us and
 * @fastify/oauth2 is the bytes the sealed cookie and the security headers put on the wire.
 */
import { request } from 'node:http'
import { buildBench } from './lib/build.js'
import { type Child, startChild } from './lib/child.js'
import { median, measureLogin } from './lib/load.js'
import { interleaved, LOAD_CPU, pin, pinLoadGenerator, TARGET_CPU } from './lib/rounds.js'

const rounds = Number(process.argv[2] ?? 10)
const seconds = Number(process.argv[3] ?? 3)
const KINDS = ['fastify-oauth2', 'fastify-oauth2-padded', 'fastify-ours'] as const

/** Bytes of the raw HTTP answer to one login (status line, headers, body). */
function answerBytes(child: Child): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${child.origin}${String(child.info.login)}`, (res) => {
      let bytes = 0
      const head = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length
      for (let i = 0; i < res.rawHeaders.length; i += 2) {
        bytes += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`.length
      }
      res.on('data', (chunk: Buffer) => (bytes += chunk.length))
      res.on('end', () => resolve(head + bytes + 2))
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
for (const kind of KINDS) {
  const child = await startChild(kind, built('targets/main.ts'), [kind, standIn.origin])
  if (pinning) pin(child.process.pid!, TARGET_CPU)
  children.push(child)
}
const sizes = await Promise.all(children.map(answerBytes))
const runs = await interleaved(
  children.map((child) => ({
    child,
    measure: (load) => measureLogin(child.origin, String(child.info.login), load),
  })),
  { warmup: 5, seconds, runs: rounds, connections: 10 },
)
const cpu = (i: number) => runs[i]!.map((m) => m.cpu ?? Number.NaN)
const ratio = (a: number, b: number) => median(cpu(a).map((x, r) => x / cpu(b)[r]!))
const range = (a: number, b: number) => {
  const all = cpu(a).map((x, r) => x / cpu(b)[r]!)
  return `${Math.min(...all).toFixed(2)}–${Math.max(...all).toFixed(2)}`
}
console.log(`| login answer | bytes | CPU µs/req (median) | ÷ @fastify/oauth2 (median of rounds, range) |`)
console.log('|---|---:|---:|---:|')
for (const [i, kind] of KINDS.entries()) {
  console.log(
    `| ${kind} | ${sizes[i]} | ${median(cpu(i)).toFixed(0)} | ${i === 0 ? '1' : `${ratio(i, 0).toFixed(2)}× (${range(i, 0)})`} |`,
  )
}
console.log(`ours ÷ padded control: ${ratio(2, 1).toFixed(2)}× (${range(2, 1)})`)
for (const child of [...children, standIn]) await child.stop()
