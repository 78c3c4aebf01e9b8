/**
 * The docs' snippet checker (scripts/check-doc-snippets.ts): which blocks it finds, and that a type
 * error in a block is reported at the markdown line it is on.
 */
import { mkdirSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { checkSnippets, extractSnippets } from '../../scripts/check-doc-snippets.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

describe('extractSnippets', () => {
  it('finds ts and typescript blocks with their first code line, and their markers', () => {
    const markdown = [
      '# Title', // 1
      '```ts', // 2
      'const a = 1', // 3
      '```', // 4
      '```sh', // 5
      '```ts', // 6: inside a shell block, not a fence of its own
      '```', // 7
      '~~~typescript nocheck', // 8
      'fragment(', // 9
      '~~~', // 10
      '- a list item', // 11
      '  ```ts continues', // 12
      '  const b = a', // 13
      '  ```', // 14
      '````ts', // 15
      '```', // 16: shorter than the opening fence, so code
      '````', // 17
    ].join('\n')
    expect(extractSnippets(markdown, 'x.md')).toEqual([
      { source: 'x.md', line: 3, code: 'const a = 1', check: true, continues: false },
      { source: 'x.md', line: 9, code: 'fragment(', check: false, continues: false },
      { source: 'x.md', line: 13, code: 'const b = a', check: true, continues: true },
      { source: 'x.md', line: 16, code: '```', check: true, continues: false },
    ])
  })
})

describe('checkSnippets', () => {
  const parent = join(root, '.doc-snippets')
  mkdirSync(parent, { recursive: true })
  const dir = mkdtempSync(join(parent, 'test-'))
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
    try {
      rmdirSync(parent) // only when empty: a concurrent run of the script may be using it
    } catch {}
  })

  it('reports errors at the markdown file and line, once, and skips nocheck blocks', () => {
    const markdown = [
      'Intro', // 1
      '```ts', // 2
      'const port: number = 3000', // 3
      '```', // 4
      '```ts continues', // 5
      'const name: string = port', // 6: error, reported here (and not twice for the next block)
      '```', // 7
      '```ts continues', // 8
      'app.listen(port)', // 9: `app` is given to every snippet
      '```', // 10
      '```ts nocheck', // 11
      'this is not TypeScript', // 12
      '```', // 13
      '```ts', // 14
      "import { db } from './db.js'", // 15
      'const n: number = db', // 16: error; ./db.js is the reader's Kysely instance
      '```', // 17
    ].join('\n')
    writeFileSync(join(dir, 'doc.md'), markdown)
    const { snippets, errors } = checkSnippets({
      root: dir,
      files: ['doc.md'],
      outDir: join(dir, 'out'),
      tsconfig: join(root, 'tsconfig.json'),
    })
    expect(snippets.map((s) => s.line)).toEqual([3, 6, 9, 15])
    expect(errors.map((e) => e.location)).toEqual(['doc.md:6:7', 'doc.md:16:7'])
    expect(errors[0]!.message).toMatch(/'number' is not assignable to type 'string'/)
    expect(errors[1]!.message).toMatch(/Kysely<Database>/)
  }, 120_000)
})
