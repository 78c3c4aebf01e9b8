/**
 * The docs show the pool and client modules the fault suite's apps run (examples/postgres-db.ts,
 * examples/redis-cache.ts) byte for byte, so what survives the faults is what readers copy.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('../../../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')

describe('production pool and client snippets', () => {
  const shown: Array<[string, string[]]> = [
    ['examples/postgres-db.ts', ['docs/storage.md']],
    ['examples/redis-cache.ts', ['docs/storage.md', 'docs/refresh.md']],
  ]
  for (const [example, docs] of shown) {
    for (const doc of docs) {
      it(`${doc} shows ${example} verbatim and links it`, () => {
        expect(read(doc)).toContain('```ts\n' + read(example) + '```')
        expect(read(doc)).toContain(`(../${example})`)
      })
    }
  }

  it('the fault suite runs those modules', () => {
    const app = read('test/e2e/faults/fixtures/fault-app.ts')
    expect(app).toContain("from '../../../../examples/postgres-db.js'")
    expect(app).toContain("from '../../../../examples/redis-cache.js'")
  })

  it('every pool or client the docs create listens for errors or says why it need not', () => {
    for (const doc of ['README.md', 'docs/storage.md', 'docs/refresh.md']) {
      for (const block of read(doc)
        .split('```')
        .filter((_, i) => i % 2 === 1)) {
        if (/new pg\.Pool\(/.test(block)) expect(block).toContain(".on('error'")
        if (/createClient\(/.test(block))
          expect(block).toMatch(
            /\.on\('error'[\s\S]*disableOfflineQueue|disableOfflineQueue[\s\S]*\.on\('error'/,
          )
        if (/createPool\(/.test(block)) expect(block).toContain('connectTimeout')
        // A KeyvRedis built from a URL makes its own client, without the options above.
        expect(block).not.toMatch(/new KeyvRedis\(['"`]|new KeyvRedis\(process\.env/)
      }
    }
  })
})
