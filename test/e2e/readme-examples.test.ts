/**
 * The README's code is the examples' code, byte for byte, so `npm run typecheck` (which covers
 * examples/) checks what the README shows.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url)
const readme = readFileSync(new URL('README.md', root), 'utf8')

describe('README examples', () => {
  for (const file of ['github-app.ts', 'hooks.ts', 'custom-provider.ts']) {
    it(`shows examples/${file} verbatim and links it`, () => {
      const code = readFileSync(new URL(`examples/${file}`, root), 'utf8')
      expect(readme).toContain('```ts\n' + code + '```')
      expect(readme).toContain(`(examples/${file})`)
    })
  }

  it('links the concepts and custom-provider guides, which exist', () => {
    const linked = [...readme.matchAll(/\]\((docs\/[\w-]+\.md)\)/g)].map((m) => m[1]!)
    const present = new Set(readdirSync(new URL('docs/', root)).map((f) => `docs/${f}`))
    for (const doc of ['docs/concepts.md', 'docs/custom-provider.md']) {
      expect(linked).toContain(doc)
      expect(present.has(doc)).toBe(true)
    }
  })
})
