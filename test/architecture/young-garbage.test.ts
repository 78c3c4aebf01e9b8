/**
 * What a request allocates must die young. Three constructions kept whole requests alive past V8's
 * young generation, each found by `bench/promoted.ts` and each costing a fifth or more of a route's CPU
 * in the collector (bench/NOTES.md item 15):
 *
 * - an object literal with a getter or setter: each one gets a hidden class of its own, allocated
 *   old, whose descriptors hold the accessor's closure and so everything the closure reaches;
 * - a WeakMap keyed on a per-request object: the young-generation collector keeps its entries;
 * - a FinalizationRegistry holding a per-request object: the young-generation collector keeps what a
 *   registration holds, unregistered or not.
 *
 * So src/ has no accessor in an object literal (a class puts it on the prototype), and weak
 * collections only where this file lists them, each with why it holds nothing per request. The testing
 * kit (src/testing/) runs in tests, not on an app's request paths, and is left out.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/** Where a weak collection may be made, and why it holds nothing per request. */
const WEAK_ALLOWED: Record<string, string> = {
  'src/grant-outcome.ts': 'keyed on the error of a failed refresh: a failure path, one entry per failure',
  'src/protocol/oidc/discovery.ts':
    'marks the error of a discovery document naming another issuer: a failure path, one entry per failure',
  'src/protocol/node-undici.ts':
    "keyed on a blueprint's TLS settings and on the app's dispatchers: a few entries per process",
  'src/protocol/streamed-response.ts':
    'holds a box whose stream is removed on the first read; only an unread body stays held',
}
const WEAK_KINDS = new Set(['WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry'])

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return path === join('src', 'testing') ? [] : sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

interface Found {
  accessors: string[]
  weak: string[]
}

/** Accessors in object literals, and weak collections made, in one file (`file:line` each). */
function scan(file: string, text: string): Found {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const found: Found = { accessors: [], weak: [] }
  const at = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      for (const member of node.properties)
        if (ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member))
          found.accessors.push(at(member))
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && WEAK_KINDS.has(node.expression.text))
      found.weak.push(at(node))
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

const files = sourceFiles('src').map((file) => file.split('\\').join('/'))
const scanned = files.map((file) => scan(file, readFileSync(file, 'utf8')))

describe('what a request allocates dies young', () => {
  it('finds what it looks for (an accessor in a literal, each weak kind) and not a class getter', () => {
    const sample = [
      'const a = { get x() { return 1 }, set y(v) {} }',
      'class C { get z() { return 2 } }',
      'new WeakMap(); new WeakSet(); new WeakRef({}); new FinalizationRegistry(() => {}); new Map()',
    ].join('\n')
    const found = scan('sample.ts', sample)
    expect(found.accessors).toEqual(['sample.ts:1', 'sample.ts:1'])
    expect(found.weak).toEqual(['sample.ts:3', 'sample.ts:3', 'sample.ts:3', 'sample.ts:3'])
  })

  it('src/ has no getter or setter in an object literal', () => {
    expect(files.length).toBeGreaterThan(50)
    expect(scanned.flatMap((f) => f.accessors)).toEqual([])
  })

  it('src/ makes weak collections only where they hold nothing per request', () => {
    const makers = scanned.flatMap((f) => f.weak).map((at) => at.replace(/:\d+$/, ''))
    expect([...new Set(makers)].filter((file) => !(file in WEAK_ALLOWED))).toEqual([])
    // The list names no file that no longer makes one.
    expect(Object.keys(WEAK_ALLOWED).filter((file) => !makers.includes(file))).toEqual([])
  })
})
