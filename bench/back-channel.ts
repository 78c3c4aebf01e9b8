/**
 * The back channel alone, old against new, in one run: the `node:http` client of commit 9db1f39
 * (read from git, never kept in the source tree) and today's undici one, both behind their
 * `makeTransport`, send the code exchange (`POST /token`, form body) and an API call
 * (`GET /api/user`) to the provider stand-in in its own process. Rounds interleave the clients; each
 * row is the median over rounds of this process's CPU µs per request (body read and parsed as JSON).
 *
 * Run: `npx tsx bench/back-channel.ts [rounds=8] [requests per run=2000] [in flight=8]`.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { type FetchLike, makeTransport } from '../src/protocol/http.js'
import { startChild } from './lib/child.js'

const OLD_COMMIT = '9db1f39'
const [rounds = 8, perRun = 2000, inFlight = 8] = process.argv.slice(2).map(Number)
const root = fileURLToPath(new URL('..', import.meta.url))

/** Writes the old transport (http.ts + node-transport.ts of OLD_COMMIT) to a temp dir and imports it. */
async function oldTransport(): Promise<{ make: typeof makeTransport; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'old-transport-'))
  const errors = pathToFileURL(join(root, 'src/errors.ts')).href
  for (const file of ['http.ts', 'node-transport.ts']) {
    const text = execFileSync('git', ['show', `${OLD_COMMIT}:src/protocol/${file}`], {
      cwd: root,
      encoding: 'utf8',
    })
    writeFileSync(
      join(dir, file),
      text
        .replaceAll("'../errors.js'", `'${errors}'`)
        .replaceAll("'./node-transport.js'", "'./node-transport.ts'"),
    )
  }
  const module = (await import(pathToFileURL(join(dir, 'http.ts')).href)) as {
    makeTransport: typeof makeTransport
  }
  return { make: module.makeTransport, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

type Call = (transport: FetchLike, origin: string) => Promise<void>
const calls: Record<string, Call> = {
  'code exchange (POST /token)': async (transport, origin) => {
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code: 'bench-code',
      redirect_uri: 'http://127.0.0.1/cb',
      code_verifier: 'v'.repeat(43),
    })
    const response = await transport(`${origin}/token`, {
      method: 'POST',
      headers: { accept: 'application/json', authorization: 'Basic YmVuY2g6YmVuY2g=' },
      body,
    })
    if (response.status !== 200) throw new Error(`token: ${response.status}`)
    await response.json()
  },
  'API call (GET /api/user)': async (transport, origin) => {
    const response = await transport(`${origin}/api/user`, {
      headers: { authorization: 'Bearer bench-access-token' },
    })
    if (response.status !== 200) throw new Error(`api: ${response.status}`)
    await response.json()
  },
}

/** Runs `count` calls, `inFlight` at a time; returns CPU µs per call and calls per second. */
async function run(
  call: Call,
  transport: FetchLike,
  origin: string,
  count: number,
): Promise<{ cpu: number; rate: number }> {
  let next = 0
  const started = performance.now()
  const cpu = process.cpuUsage()
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < count) await call(transport, origin)
    }),
  )
  const used = process.cpuUsage(cpu)
  return { cpu: (used.user + used.system) / count, rate: count / ((performance.now() - started) / 1000) }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

// Both clients must take their own path, never the global fetch: the old one's check for an app
// dispatcher would take the default Agent that importing undici 7 installs for an app's own one.
;(globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')] = undefined
globalThis.fetch = () => Promise.reject(new Error('the benchmark must not go through fetch'))

const standIn = await startChild('stand-in', 'stand-in.ts', [])
const old = await oldTransport()
try {
  const clients: Record<string, FetchLike> = {
    [`node:http (${OLD_COMMIT})`]: old.make(),
    'undici request (now)': makeTransport(),
  }
  for (const [name, call] of Object.entries(calls)) {
    const samples = new Map<string, { cpu: number[]; rate: number[] }>()
    // Warm-up: both clients, long enough for the JIT and the pools to settle.
    for (const transport of Object.values(clients)) await run(call, transport, standIn.origin, perRun)
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? Object.entries(clients) : Object.entries(clients).reverse()
      for (const [client, transport] of order) {
        const { cpu, rate } = await run(call, transport, standIn.origin, perRun)
        const sample = samples.get(client) ?? { cpu: [], rate: [] }
        sample.cpu.push(cpu)
        sample.rate.push(rate)
        samples.set(client, sample)
      }
    }
    console.log(`\n${name}: ${rounds} rounds × ${perRun} requests, ${inFlight} in flight`)
    console.log('| client | CPU µs/request (median) | requests/s (median) |')
    console.log('|---|---:|---:|')
    const medians = [...samples].map(([client, s]) => ({ client, cpu: median(s.cpu), rate: median(s.rate) }))
    for (const m of medians) console.log(`| ${m.client} | ${m.cpu.toFixed(0)} | ${m.rate.toFixed(0)} |`)
    const [before, after] = medians
    console.log(`new/old CPU per request: ${(after!.cpu / before!.cpu).toFixed(3)}×`)
  }
} finally {
  old.cleanup()
  await standIn.stop()
}
