/**
 * Reads `.ci/matrix.json`, the runtimes CI tests on, for the CI runner (`scripts/ci-lines.ts`) and the
 * Runtimes page's generator (`scripts/runtimes-table.ts`). The file's `about` documents the format;
 * this checks it, so a malformed entry stops CI and the docs check instead of being skipped.
 */
import { readFileSync } from 'node:fs'

/** The runtimes a line can be. */
export const RUNTIMES = ['node', 'bun', 'deno', 'workerd'] as const

/** What CI runs on a line. */
export const TESTS = ['suite', 'suite without once', 'command'] as const

/** One runtime line of the matrix. */
export interface Line {
  /** What the logs and the page call the line ("Node 22"). */
  name: string
  runtime: (typeof RUNTIMES)[number]
  /** The major version tested. */
  version: string
  /** The npm package and range the runtime comes from; absent for the machine's own Node. */
  package?: string
  tests: (typeof TESTS)[number]
  /** With `tests: "command"`: the shell command CI runs from the repository root. */
  command?: string
  /** With `tests: "command"`: one sentence saying what the command proves. */
  covers?: string
}

/** The whole matrix. */
export interface Matrix {
  /** Globs of the test files run on the machine's Node only. */
  once: string[]
  lines: Line[]
}

function fail(index: number, message: string): never {
  throw new Error(`.ci/matrix.json lines[${index}]: ${message}`)
}

function optionalString(value: unknown, index: number, key: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '') fail(index, `${key} must be a non-empty string`)
  return value
}

/** Checks one entry of `lines`. */
function parseLine(raw: unknown, index: number): Line {
  if (typeof raw !== 'object' || raw === null) fail(index, 'must be an object')
  const entry = raw as Record<string, unknown>
  const name = optionalString(entry.name, index, 'name')
  const version = optionalString(entry.version, index, 'version')
  if (!name || !version) fail(index, 'name and version are required')
  const runtime = RUNTIMES.find((r) => r === entry.runtime)
  if (!runtime) fail(index, `runtime must be one of ${RUNTIMES.join(', ')}`)
  const tests = TESTS.find((t) => t === entry.tests)
  if (!tests) fail(index, `tests must be one of ${TESTS.map((t) => `"${t}"`).join(', ')}`)
  const line: Line = { name, runtime, version, tests }
  const pkg = optionalString(entry.package, index, 'package')
  const command = optionalString(entry.command, index, 'command')
  const covers = optionalString(entry.covers, index, 'covers')
  if (pkg) line.package = pkg
  if (tests === 'command') {
    if (!command || !covers) fail(index, 'tests "command" needs command and covers')
    line.command = command
    line.covers = covers
  } else {
    if (runtime !== 'node') fail(index, `tests "${tests}" runs vitest, which needs runtime node`)
    if (command || covers) fail(index, 'command and covers go with tests "command" only')
    if ((tests === 'suite') === Boolean(pkg)) {
      fail(
        index,
        'the machine\'s Node runs "suite" and has no package; a packaged Node runs "suite without once"',
      )
    }
  }
  return line
}

/** Parses and checks the text of `.ci/matrix.json`. */
export function parseMatrix(text: string): Matrix {
  const raw = JSON.parse(text) as { once?: unknown; lines?: unknown }
  const once = raw.once ?? []
  if (!Array.isArray(once) || !once.every((glob) => typeof glob === 'string')) {
    throw new Error('.ci/matrix.json: once must be an array of globs')
  }
  if (!Array.isArray(raw.lines) || raw.lines.length === 0) {
    throw new Error('.ci/matrix.json: lines must be a non-empty array')
  }
  const lines = raw.lines.map(parseLine)
  const machine = lines.filter((line) => line.tests === 'suite')
  if (machine.length !== 1)
    throw new Error('.ci/matrix.json: exactly one line is the machine\'s Node ("suite")')
  const names = new Set(lines.map((line) => line.name))
  if (names.size !== lines.length) throw new Error('.ci/matrix.json: two lines have the same name')
  return { once, lines }
}

/** Reads `.ci/matrix.json` under the repository root `root`. */
export function readMatrix(root: URL): Matrix {
  return parseMatrix(readFileSync(new URL('.ci/matrix.json', root), 'utf8'))
}
