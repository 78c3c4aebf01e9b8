/**
 * Generates the matrix table in `docs/runtimes.md` and the README's sentence naming the tested lines
 * from `.ci/matrix.json`, between `<!-- runtimes:… -->` markers, so both say exactly what CI runs.
 * `npx tsx scripts/runtimes-table.ts` rewrites them; `--check` exits 1 when either is stale
 * (`npm run typecheck` runs it).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { fillMarkers, type GeneratedFile, writeOrCheck } from './generated-text.js'
import { type Line, type Matrix, readMatrix } from './runtime-matrix.js'

const RUNTIME_NAMES: Record<Line['runtime'], string> = {
  node: 'Node.js',
  bun: 'Bun',
  deno: 'Deno',
  workerd: 'Cloudflare Workers (workerd)',
}

function source(line: Line): string {
  return line.package ? `npm \`${line.package}\`` : "the CI machine's own"
}

function what(line: Line, matrix: Matrix): string {
  if (line.tests === 'suite') return 'the whole test suite, services required'
  if (line.tests === 'suite without once') {
    return `the whole test suite but the ${matrix.once.length} browser, fault-injection and load test globs below, services required, native modules rebuilt for it`
  }
  return line.covers!.replace(/\|/g, '\\|')
}

/** The generated table of every line CI runs, with the files run on the machine's Node only. */
export function runtimesTable(matrix: Matrix): string {
  return [
    '| Line | Runtime | Version | Comes from | What CI runs |',
    '|---|---|---|---|---|',
    ...matrix.lines.map(
      (line) =>
        `| ${line.name} | ${RUNTIME_NAMES[line.runtime]} | ${line.version} | ${source(line)} | ${what(line, matrix)} |`,
    ),
    '',
    `Run on the machine's Node only: ${matrix.once.map((glob) => `\`${glob}\``).join(', ')}.`,
  ].join('\n')
}

/** The README's sentence naming every line CI runs. */
export function runtimesSentence(matrix: Matrix): string {
  const nodes = matrix.lines.filter((line) => line.runtime === 'node').map((line) => line.version)
  const others = matrix.lines.filter((line) => line.runtime !== 'node').map((line) => line.name)
  const names = [
    `Node ${nodes.slice(0, -1).join(', ')}${nodes.length > 1 ? ' and ' : ''}${nodes.at(-1)}`,
    ...others,
  ]
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]
  return `CI tests every change on ${list}: see [docs/runtimes.md](docs/runtimes.md) for what runs on each.`
}

/** The files this script maintains, with their up-to-date contents. */
export function generated(root: URL): GeneratedFile[] {
  const matrix = readMatrix(root)
  const page = fileURLToPath(new URL('docs/runtimes.md', root))
  const readme = fileURLToPath(new URL('README.md', root))
  const pageText = readFileSync(page, 'utf8')
  const readmeText = readFileSync(readme, 'utf8')
  return [
    {
      path: page,
      current: pageText,
      expected: fillMarkers(pageText, 'runtimes', 'table', runtimesTable(matrix)),
    },
    {
      path: readme,
      current: readmeText,
      expected: fillMarkers(readmeText, 'runtimes', 'lines', runtimesSentence(matrix)),
    },
  ]
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeOrCheck(generated(new URL('../', import.meta.url)), 'npx tsx scripts/runtimes-table.ts', process.argv)
}
