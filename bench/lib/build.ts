/**
 * Compiles the library and the benchmark's own target scripts with tsc, so `npm run bench` runs what
 * users of the package run. Under tsx, esbuild keeps function names by calling `__name` (an
 * `Object.defineProperty`) on every function created at run time: the library's closures paid that
 * cost on every request while the peers, plain JS from node_modules, did not (bench/NOTES.md item 10).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** This checkout's root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Runs this checkout's tsc in `cwd` with `args`, its output on this process's stderr. */
export function tsc(cwd: string, args: string[]): void {
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] })
}

/**
 * Where {@link buildBench} writes: under bench/.tmp (ignored by git and biome) and outside node_modules,
 * with its own package.json. Relative paths mirror the checkout (`src/…`, `bench/targets/…`), so the
 * targets' `../../src/….js` imports land on the compiled library.
 */
export const BUILD_DIR = join(ROOT, 'bench/.tmp/build')

/** The scripts (relative to bench/) that import library code; tsc follows their imports. */
const ENTRIES = ['targets/main.ts', 'memory.ts']

/**
 * Builds the library and the bench entries into {@link BUILD_DIR} with tsconfig.build.json's options
 * (the published build's), and returns the absolute path of a compiled entry given its bench/ path.
 * Start the result with plain `node`: nothing in it goes through tsx.
 */
export function buildBench(): (script: string) => string {
  rmSync(BUILD_DIR, { recursive: true, force: true })
  mkdirSync(BUILD_DIR, { recursive: true })
  const project = join(BUILD_DIR, 'tsconfig.json')
  writeFileSync(
    project,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.build.json'),
      compilerOptions: { rootDir: ROOT, outDir: BUILD_DIR, declaration: false, sourceMap: false },
      include: [],
      files: ENTRIES.map((entry) => join(ROOT, 'bench', entry)),
    }),
  )
  tsc(BUILD_DIR, ['-p', project])
  // The package's `imports` (`#back-channel`) point into ./dist; here the library is compiled to ./src.
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { imports?: unknown }
  const imports = JSON.parse(JSON.stringify(pkg.imports ?? {}).replaceAll('./dist/', './src/')) as unknown
  writeFileSync(join(BUILD_DIR, 'package.json'), JSON.stringify({ type: 'module', imports }))
  return (script) => join(BUILD_DIR, 'bench', script.replace(/\.ts$/, '.js'))
}
