import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = fileURLToPath(new URL('./src/', import.meta.url))

export default defineConfig({
  // Examples import the package by name; resolve it to src/ as tsconfig.json's "paths" do for tsc.
  resolve: {
    alias: [
      { find: /^oauth-dance$/, replacement: `${src}index.ts` },
      { find: /^oauth-dance\/(express|fastify|hono)$/, replacement: `${src}adapters/$1.ts` },
      { find: /^oauth-dance\/oauth1$/, replacement: `${src}protocol/oauth1/index.ts` },
      { find: /^oauth-dance\/providers$/, replacement: `${src}providers/index.ts` },
      { find: /^oauth-dance\/(?:contrib|providers)\/(.+)$/, replacement: `${src}providers/$1.ts` },
      { find: /^oauth-dance\/storage\/(.+)$/, replacement: `${src}storage/$1.ts` },
      { find: /^oauth-dance\/testing$/, replacement: `${src}testing/index.ts` },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
})
