/**
 * docs/testing.md shows the example app and its tests (examples/testing/) byte for byte, so what the
 * guide shows is what runs in CI; its tables of the stand-in's options and knobs and its list of
 * built-in routes are generated from the kit (scripts/stand-in-table.ts).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { normalizeTables } from '../../scripts/generated-text.js'
import { generated } from '../../scripts/stand-in-table.js'

const root = new URL('../../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')
const guide = read('docs/testing.md')

describe('docs/testing.md', () => {
  it.each([
    ['examples/testing/app.ts', 'ts'],
    ['examples/testing/vitest.test.ts', 'ts'],
    ['examples/testing/jest.test.ts', 'ts'],
    ['examples/testing/node.test.ts', 'ts'],
    ['examples/testing/jest/esbuild-transform.js', 'js'],
  ])('shows %s verbatim and links it', (path, language) => {
    expect(guide).toContain(`\`\`\`${language}\n${read(path)}\`\`\``)
    expect(guide).toContain(`(../${path})`)
  })

  it('the Jest example is the Vitest one with the test functions from @jest/globals', () => {
    const vitest = read('examples/testing/vitest.test.ts')
    expect(vitest).toContain("from 'vitest'\n")
    const jest = read('examples/testing/jest.test.ts')
    const withoutImport = (code: string, from: string) =>
      code.replace(new RegExp(`^import \\{ [^}]+ \\} from '${from}'\\n`, 'm'), '')
    expect(withoutImport(jest, '@jest/globals')).toBe(withoutImport(vitest, 'vitest'))
  })

  it('the Jest configuration it shows is what the example configuration does, less the source mapping', async () => {
    const { default: config } = (await import(
      new URL('examples/testing/jest/jest.config.js', root).href
    )) as {
      default: { extensionsToTreatAsEsm: string[]; moduleNameMapper: Record<string, string> }
    }
    expect(guide).toContain(
      `extensionsToTreatAsEsm: ${JSON.stringify(config.extensionsToTreatAsEsm).replace(/"/g, "'")}`,
    )
    expect(config.moduleNameMapper['^(\\.{1,2}/.*)\\.js$']).toBe('$1')
    expect(guide).toContain("moduleNameMapper: { '^(\\\\.{1,2}/.*)\\\\.js$': '$1' }")
  })

  it("names every kind of the stand-in's events", () => {
    const types = read('src/testing/stand-in/types.ts')
    const union = /readonly kind:([^:]*?)readonly method/s.exec(types)?.[1] ?? ''
    const kinds = [...union.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]!)
    expect(kinds.length).toBeGreaterThan(5)
    const section = guide.slice(guide.indexOf('### What the stand-in saw'), guide.indexOf('### API routes'))
    for (const kind of kinds) expect(section, kind).toContain(`\`${kind}\``)
  })

  it.each(generated(root).map((file) => [file.path, file] as const))(
    '%s: the stand-in tables are up to date (run npx tsx scripts/stand-in-table.ts)',
    (_path, file) => {
      expect(normalizeTables(file.current)).toBe(normalizeTables(file.expected))
    },
  )
})
