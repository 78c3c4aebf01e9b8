/**
 * The presets table (docs/presets.md) and the README list are generated from the catalog; this fails
 * when either is out of date, and checks that the names the table documents really are exported.
 */
import { describe, expect, it } from 'vitest'
import { normalizeTables } from '../../scripts/generated-text.js'
import { camel, generated, pascal } from '../../scripts/presets-table.js'
import { presets } from '../../src/providers/index.js'

describe('generated preset docs', () => {
  it.each(generated(new URL('../../', import.meta.url)).map((f) => [f.path, f] as const))(
    '%s is up to date (run npx tsx scripts/presets-table.ts)',
    (_path, file) => {
      expect(normalizeTables(file.current)).toBe(normalizeTables(file.expected))
    },
  )

  it.each(presets.map((p) => [p.id] as const))(
    '%s exports the factory and client the table names',
    async (id) => {
      const module = (await import(`../../src/providers/${id}.ts`)) as Record<string, unknown>
      expect(module[`make${pascal(id)}Blueprint`]).toBeTypeOf('function')
      expect(module[camel(id)]).toBeDefined()
    },
  )
})
