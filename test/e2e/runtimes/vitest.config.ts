/**
 * The end-to-end login on Bun and Deno, run on its own: `npx vitest run -c test/e2e/runtimes/vitest.config.ts`
 * (.ci/runtimes-bun-deno). The main configuration leaves this folder out.
 */
import { fileURLToPath } from 'node:url'
import { configDefaults, defineConfig } from 'vitest/config'
import base from '../../../vitest.config.js'

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('../../../', import.meta.url)),
  test: { ...base.test, include: ['test/e2e/runtimes/**/*.test.ts'], exclude: configDefaults.exclude },
})
