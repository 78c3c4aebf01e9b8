/**
 * The benchmark report: the machine and versions, one markdown table per scenario, and the budget
 * lines with PASS/MISS. Written to bench/RESULTS.md and printed.
 */
import { readFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import type { Measure } from './load.js'

/** A measured row. */
export interface Row {
  label: string
  runs: Measure[]
  rps: number
  p50: number
  p99: number
  /** Mean latency in ms (10 connections, closed loop), finer than the percentiles. */
  mean: number
  wrong: number
  /** Ratio to the row's baseline (requests/s), when it has one. */
  ratio?: number
  /** The target's CPU time per request (pair), in µs. */
  cpu: number
  /** CPU per request relative to the baseline (lower is better). */
  cpuRatio?: number
  /** Extra columns (reads per request...). */
  extra?: Record<string, string>
}

/** A budget line. */
export interface Budget {
  text: string
  pass: boolean | undefined
}

const PACKAGES = [
  'express',
  'express-session',
  'fastify',
  '@fastify/cookie',
  '@fastify/oauth2',
  'hono',
  '@hono/node-server',
  'passport',
  'passport-oauth2',
  'grant',
  'oauth4webapi',
  'autocannon',
  'kysely',
  'better-sqlite3',
  'pg',
  'keyv',
  '@keyv/redis',
]

function versionOf(name: string): string {
  try {
    const url = new URL(`../../node_modules/${name}/package.json`, import.meta.url)
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version
  } catch {
    return 'not installed'
  }
}

/** The machine section: CPUs, memory, Node, load, package versions. */
export function machineSection(loadAtStart: number[]): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  const versions = PACKAGES.map((name) => `${name} ${versionOf(name)}`).join(', ')
  return [
    `- Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform} ${process.arch}`,
    `- Node ${process.version}; oauth-dance ${versionOf('../')}`,
    `- Load average at start: ${loadAtStart.map((n) => n.toFixed(2)).join(' / ')}; at end: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' / ')}`,
    `- Versions: ${versions}`,
  ].join('\n')
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')

/** A markdown table of rows. */
export function table(rows: readonly Row[], unit = 'req/s'): string {
  const extraNames = [...new Set(rows.flatMap((r) => Object.keys(r.extra ?? {})))]
  const head = [
    'Target',
    unit,
    'p50 ms',
    'p99 ms',
    'mean ms',
    'vs baseline',
    'CPU µs/req',
    'CPU vs baseline',
    'wrong',
    ...extraNames,
  ]
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`]
  for (const row of rows) {
    const cells = [
      row.label,
      fmt(row.rps),
      fmt(row.p50, 1),
      fmt(row.p99, 1),
      fmt(row.mean, 2),
      row.ratio === undefined ? 'baseline' : `${fmt(row.ratio, 2)}×`,
      fmt(row.cpu),
      row.cpuRatio === undefined ? 'baseline' : `${fmt(row.cpuRatio, 2)}×`,
      String(row.wrong),
      ...extraNames.map((name) => row.extra?.[name] ?? ''),
    ]
    lines.push(`| ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}

/** Budget lines as a markdown list. */
export function budgets(lines: readonly Budget[]): string {
  return lines
    .map((b) => `- ${b.pass === undefined ? 'NOT MEASURED' : b.pass ? 'PASS' : 'MISS'}: ${b.text}`)
    .join('\n')
}
