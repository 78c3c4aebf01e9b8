/**
 * Generates the package's entry points from src/: package.json `exports` and `imports` (the internal
 * modules chosen per runtime) and tsconfig.json `compilerOptions.paths` (which lets tsc, the doc
 * snippets and the examples import the package by name). vitest.config.ts reads package.json `exports`
 * and `imports` through {@link sourceEntries} and {@link sourceImports}, so the three cannot disagree. A preset is any `src/providers/*.ts` that exports a `…Preset`, so adding a preset
 * file adds its `./providers/<id>` entry. `npx tsx scripts/exports.ts` rewrites both files; `--check`
 * exits 1 when either is stale (`npm run typecheck` runs it).
 * @see https://nodejs.org/api/packages.html#subpath-exports
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'

/** The package name that `paths` and the test aliases resolve. */
export const PACKAGE = 'oauth-dance'

/**
 * Node resolves subpaths only as listed. Presets add one `./providers/<id>` each and grow with the
 * catalogue (their list is the preset catalogue itself); every other entry point is bounded here, past
 * which the map would be a catalogue nobody reads.
 */
export const MAX_OTHER_SPECIFIERS = 20

/** Whether an entry point is a preset module (`./providers/<id>`), counted apart from the others. */
export function isPresetSubpath(subpath: string): boolean {
  return subpath.startsWith('./providers/')
}

/** Entry points that are not presets or storages: subpath → source file. */
const FIXED: ReadonlyArray<readonly [string, string]> = [
  ['.', 'src/index.ts'],
  ['./express', 'src/adapters/express.ts'],
  ['./fastify', 'src/adapters/fastify.ts'],
  ['./hono', 'src/adapters/hono.ts'],
  ['./scope', 'src/adapters/scope.ts'],
  ['./testing', 'src/testing/index.ts'],
  ['./oauth1', 'src/protocol/oauth1/index.ts'],
  ['./preset-kit', 'src/providers/kit.ts'],
  ['./locks', 'src/refresh/locks.ts'],
  ['./providers', 'src/providers/index.ts'],
]

/** The storages a user picks from; `sql-schema.ts` and `types.ts` are internals of these. */
const STORAGES = ['memory', 'null', 'session', 'sql', 'cache', 'encryption'] as const

/**
 * The export conditions of runtimes other than Node, in the order package.json lists them: workerd
 * (and wrangler's `worker`), Deno, Bun and browser bundlers. Node sets none of them, so it takes
 * `default`.
 */
export const NON_NODE_CONDITIONS = ['workerd', 'worker', 'deno', 'bun', 'browser'] as const

/**
 * Internal modules with one source for Node and another for every other runtime (package.json
 * `imports`): the back channel is undici's `request` on Node and the global `fetch` elsewhere.
 */
const PER_RUNTIME: ReadonlyArray<{ specifier: `#${string}`; node: string; other: string }> = [
  {
    specifier: '#back-channel',
    node: 'src/protocol/node-transport.ts',
    other: 'src/protocol/web-transport.ts',
  },
]

/** How a preset module declares its preset (`export const githubPreset = …`). */
const PRESET_EXPORT = /^export const \w+Preset\b/m

/** One entry point: the subpath under the package name and its source file, relative to the root. */
export interface Entry {
  readonly subpath: string
  readonly source: string
}

/** The preset ids: every `src/providers/<id>.ts` that exports a `…Preset`, sorted. */
export function presetIds(root: URL): string[] {
  const dir = new URL('src/providers/', root)
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .filter((file) => PRESET_EXPORT.test(readFileSync(new URL(file, dir), 'utf8')))
    .map((file) => file.slice(0, -'.ts'.length))
    .sort()
}

/** Every entry point, in the order package.json lists them. */
export function entries(root: URL): Entry[] {
  return [
    ...FIXED.map(([subpath, source]) => ({ subpath, source })),
    ...presetIds(root).map((id) => ({ subpath: `./providers/${id}`, source: `src/providers/${id}.ts` })),
    ...STORAGES.map((kind) => ({ subpath: `./storage/${kind}`, source: `src/storage/${kind}.ts` })),
  ]
}

/** `src/adapters/express.ts` → `./dist/adapters/express` (tsconfig.build.json: rootDir src, outDir dist). */
function distBase(source: string): string {
  return `./dist/${source.slice('src/'.length, -'.ts'.length)}`
}

/** package.json `exports`: types first, as TypeScript requires of a conditions object. */
export function exportsMap(list: readonly Entry[]): Record<string, { types: string; default: string }> {
  return Object.fromEntries(
    list.map((e) => [
      e.subpath,
      { types: `${distBase(e.source)}.d.ts`, default: `${distBase(e.source)}.js` },
    ]),
  )
}

/** package.json `imports`: each non-Node condition to the other runtimes' file, `default` (Node) last. */
export function importsMap(): Record<string, Record<string, string>> {
  return Object.fromEntries(
    PER_RUNTIME.map(({ specifier, node, other }) => [
      specifier,
      {
        ...Object.fromEntries(NON_NODE_CONDITIONS.map((condition) => [condition, `${distBase(other)}.js`])),
        default: `${distBase(node)}.js`,
      },
    ]),
  )
}

/**
 * tsconfig.json `paths`: the package's specifiers resolved to src/, and each per-runtime import to its
 * Node source (whose types the other runtimes' module repeats).
 */
export function pathsMap(list: readonly Entry[]): Record<string, string[]> {
  return {
    ...Object.fromEntries(list.map((e) => [specifier(e.subpath), [`./${e.source}`]])),
    ...Object.fromEntries(PER_RUNTIME.map(({ specifier, node }) => [specifier, [`./${node}`]])),
  }
}

/** `./express` → `oauth-dance/express`, `.` → `oauth-dance`. */
export function specifier(subpath: string): string {
  return subpath === '.' ? PACKAGE : `${PACKAGE}/${subpath.slice('./'.length)}`
}

/**
 * The package's specifiers and their source files, read back from package.json `exports` (for
 * vitest.config.ts): `./dist/<file>.js` is compiled from `src/<file>.ts`.
 */
export function sourceEntries(packageJson: {
  exports: Record<string, { default: string }>
}): Array<{ specifier: string; source: string }> {
  return Object.entries(packageJson.exports).map(([subpath, target]) => {
    const match = /^\.\/dist\/(.+)\.js$/.exec(target.default)
    if (!match)
      throw new Error(`package.json exports["${subpath}"] does not point into ./dist: ${target.default}`)
    return { specifier: specifier(subpath), source: `src/${match[1]}.ts` }
  })
}

/**
 * The per-runtime imports and their Node source files, read back from package.json `imports` (for
 * vitest.config.ts, which runs on Node): `default` is compiled from `src/<file>.ts`.
 */
export function sourceImports(packageJson: {
  imports?: Record<string, { default: string }>
}): Array<{ specifier: string; source: string }> {
  return Object.entries(packageJson.imports ?? {}).map(([name, target]) => {
    const match = /^\.\/dist\/(.+)\.js$/.exec(target.default)
    if (!match)
      throw new Error(`package.json imports["${name}"] does not point into ./dist: ${target.default}`)
    return { specifier: name, source: `src/${match[1]}.ts` }
  })
}

interface Generated {
  readonly path: string
  readonly stale: boolean
  readonly write: () => void
}

/** The files this script maintains, whether each is stale, and how to bring it up to date. */
export function generated(root: URL): Generated[] {
  const list = entries(root)
  const others = list.filter((entry) => !isPresetSubpath(entry.subpath)).length
  if (others > MAX_OTHER_SPECIFIERS) {
    throw new Error(
      `${others} entry points besides the presets: the exports map allows ${MAX_OTHER_SPECIFIERS}.`,
    )
  }
  const pkgPath = fileURLToPath(new URL('package.json', root))
  const tsconfigPath = fileURLToPath(new URL('tsconfig.json', root))
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'))
  const tsconfig = JSON.parse(readFileSync(tsconfigPath, 'utf8'))
  const exportsWanted = exportsMap(list)
  const importsWanted = importsMap()
  const pathsWanted = pathsMap(list)
  return [
    {
      path: pkgPath,
      // Key order is part of the comparison: it is the order readers (and tools) see.
      stale:
        JSON.stringify(pkg.exports) !== JSON.stringify(exportsWanted) ||
        JSON.stringify(pkg.imports) !== JSON.stringify(importsWanted),
      write: () =>
        writeFileSync(
          pkgPath,
          `${JSON.stringify({ ...pkg, exports: exportsWanted, imports: importsWanted }, null, 2)}\n`,
        ),
    },
    {
      path: tsconfigPath,
      stale: !isDeepStrictEqual(tsconfig.compilerOptions?.paths, pathsWanted),
      write: () => {
        tsconfig.compilerOptions.paths = pathsWanted
        writeFileSync(tsconfigPath, `${JSON.stringify(tsconfig, null, 2)}\n`)
      },
    },
  ]
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check')
  const root = new URL('../', import.meta.url)
  const stale = generated(root).filter((file) => file.stale)
  for (const file of stale) {
    if (check) console.error(`${file.path} is out of date: run npx tsx scripts/exports.ts`)
    else file.write()
  }
  if (check && stale.length > 0) process.exit(1)
  // Lay the JSON out the way the project's formatter does, so `biome check` stays clean.
  if (!check && stale.length > 0) {
    const biome = fileURLToPath(new URL('node_modules/.bin/biome', root))
    execFileSync(biome, ['format', '--write', ...stale.map((file) => file.path)])
  }
}
