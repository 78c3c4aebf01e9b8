import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { configDefaults, defineConfig } from 'vitest/config'
import { sourceEntries, sourceImports } from './scripts/exports.js'

const root = new URL('./', import.meta.url)
const packageJson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))

/** A regular expression matching exactly `text`. */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}$`)
}

export default defineConfig({
  // Examples import the package by name: resolve each entry point package.json exports to its source
  // file, as tsconfig.json's "paths" (generated from the same entries) do for tsc. A specifier not in
  // the exports map is not aliased and fails to resolve, as it would for a user. The per-runtime
  // imports (package.json `imports`) resolve to their Node source: the tests run on Node.
  resolve: {
    alias: [...sourceEntries(packageJson), ...sourceImports(packageJson)].map(({ specifier, source }) => ({
      find: exactly(specifier),
      replacement: fileURLToPath(new URL(source, root)),
    })),
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/testing/vitest.test.ts'],
    // The login on Bun and Deno runs once, on its own (.ci/runtimes-bun-deno), not on every Node line.
    exclude: [...configDefaults.exclude, 'test/e2e/runtimes/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
})
