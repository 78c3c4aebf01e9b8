import { describe, expect, it } from 'vitest'
import { chain, fileGraph, loopsCovering, shortestPath, tangles } from './graph.js'
import { type Import, importsOf, readImports, sourceFiles } from './imports.js'
import { covers, layerOf, packageMatches, readLayerRules } from './layer-rules.js'

// The rules live in ARCHITECTURE.md ("Layer rules"); this file only reads and applies them.
const rules = readLayerRules()
const files = sourceFiles('src')
const imports = readImports('src')
const graph = fileGraph(files, imports)

const where = (edge: Import): string => `${edge.from}:${edge.line}`
const kind = (edge: Import): string => (edge.typeOnly ? 'imports (types only)' : 'imports')

describe('the import reader', () => {
  it('reads every form of import and export-from, and nothing in comments or strings', () => {
    const text = [
      "import { DanceError } from '../errors.js'",
      "import type { Token } from '../token.js'",
      "import { type Clock } from '../deadline.js'",
      "export { randomToken } from '../crypto/random.js'",
      "export * from '../log.js'",
      "export type { Sealed } from '../crypto/aead.js'",
      "import '../context.js'",
      "const oauth1 = await import('../protocol/oauth1/index.js')",
      "type Jar = import('../storage/types.js').TokenStorage",
      'import {',
      '  a,',
      "} from 'oauth4webapi'",
      "import { AsyncLocalStorage } from 'async_hooks'",
      "import { Hono } from '@hono/node-server/vercel'",
      "// import { no } from '../consumer/blueprint.js'",
      "const code = `import { no } from '../adapters/express.js'`",
    ].join('\n')
    const read = importsOf('src/client/example.ts', text).map((edge) => [
      edge.file ?? edge.pkg,
      edge.typeOnly,
      edge.line,
    ])
    expect(read).toEqual([
      ['src/errors.ts', false, 1],
      ['src/token.ts', true, 2],
      ['src/deadline.ts', true, 3],
      ['src/crypto/random.ts', false, 4],
      ['src/log.ts', false, 5],
      ['src/crypto/aead.ts', true, 6],
      ['src/context.ts', false, 7],
      ['src/protocol/oauth1/index.ts', false, 8],
      ['src/storage/types.ts', true, 9],
      ['oauth4webapi', false, 12],
      ['node:async_hooks', false, 13],
      ['@hono/node-server', false, 14],
    ])
  })

  it('resolves every relative import of src/ to a file of src/', () => {
    const lost = imports
      .filter((edge) => edge.pkg === undefined && (edge.file === undefined || !edge.file.startsWith('src/')))
      .map((edge) => `${where(edge)} imports '${edge.specifier}', which names no file of src/`)
    expect(lost).toEqual([])
    expect(imports.filter((edge) => edge.file !== undefined).length).toBeGreaterThan(files.length)
  })
})

describe('import cycles', () => {
  it('has no cycle among the files of src/, type-only imports included', () => {
    const report = tangles(graph).flatMap((tangle) => [
      `${tangle.length} files import each other: ${tangle.join(', ')}`,
      ...loopsCovering(graph, tangle).map((loop) => `  ${chain(graph, loop)}`),
    ])
    // `→` is an import that runs, `⇢` one for types alone; every edge of each loop is shown.
    expect(report).toEqual([])
  })
})

describe('layer rules (ARCHITECTURE.md)', () => {
  const names = new Set(rules.layers.map((layer) => layer.name))

  it('names only layers that the table defines', () => {
    const unknown = [
      ...rules.layers.flatMap((layer) =>
        layer.mayImport.filter((name) => !names.has(name)).map((name) => `${layer.name} may import ${name}`),
      ),
      ...rules.never.flatMap((rule) => [rule.from, rule.to].filter((name) => !names.has(name))),
    ]
    expect(unknown).toEqual([])
  })

  it('places every file of src/ in a layer', () => {
    expect(files.filter((file) => layerOf(rules.layers, file) === undefined)).toEqual([])
  })

  it('lets each file import only its own layer and the layers its row lists', () => {
    const report = imports.flatMap((edge) => {
      if (edge.file === undefined) return []
      const from = layerOf(rules.layers, edge.from)
      const to = layerOf(rules.layers, edge.file)
      if (from === undefined || to === undefined || from === to || from.mayImport.includes(to.name)) return []
      return [`${from.name} → ${to.name}: ${where(edge)} ${kind(edge)} ${edge.file}`]
    })
    expect(report).toEqual([])
  })

  it.each(rules.never.map((rule) => [`${rule.from} → ${rule.to} (${rule.why})`, rule] as const))(
    'never %s',
    (_, rule) => {
      const { from, to, why } = rule
      const source = rules.layers.find((layer) => layer.name === from)!
      const target = rules.layers.find((layer) => layer.name === to)!
      const inTarget = (file: string): boolean => layerOf(rules.layers, file) === target
      // Reached through any file between counts too: importing a file that imports the app is knowing the app.
      const report = files
        .filter((file) => layerOf(rules.layers, file) === source)
        .flatMap((file) => {
          const path = shortestPath(graph, file, inTarget)
          return path === undefined ? [] : [`${from} reaches ${to} (${why}): ${chain(graph, path)}`]
        })
      expect(report).toEqual([])
    },
  )
})

describe('package rules (ARCHITECTURE.md)', () => {
  it.each(rules.packages.map((rule) => [rule.pkg, rule.onlyFrom.join(' and '), rule] as const))(
    '%s only from %s',
    (_, __, { pkg, onlyFrom }) => {
      const report = imports
        .filter((edge) => edge.pkg !== undefined && packageMatches(pkg, edge.pkg))
        .filter((edge) => !onlyFrom.some((path) => covers(path, edge.from)))
        .map((edge) => `${where(edge)} ${kind(edge)} '${edge.specifier}'`)
      expect(report).toEqual([])
    },
  )
})
