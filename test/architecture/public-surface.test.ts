import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { presets, presetsById } from '../../src/providers/index.js'
import { root, sourceFiles } from './imports.js'

/**
 * Export patterns kept as a second, documented spelling of another pattern: a module reached through
 * one of these does not count as published twice. Empty until one is documented as an alias (for
 * example `./contrib/*`, Flask-Dance's spelling, beside `./providers/*`).
 */
const DOCUMENTED_ALIASES: ReadonlySet<string> = new Set<string>([])

/** Files that are machinery, never an entry point: the preset-author kit, shared types, SQL DDL, host checks. */
const INTERNAL_FILE = /(^|\/)(define[^/]*|types|sql-schema|host)\.ts$/

/**
 * Importable specifiers besides the presets'. Presets publish one `./providers/<id>` each, counted
 * apart: their number is the catalogue's, and each must reach a preset of the catalogue.
 */
const MAX_OTHER_SPECIFIERS = 20
const MAX_ROOT_EXPORTS = 35

interface Entry {
  /** What an app writes after `oauth-dance` (`.`, `./providers/github`). */
  specifier: string
  /** The `exports` key that publishes it (`./providers/*`). */
  pattern: string
  /** The source file it reaches after the build (`src/providers/github.ts`). */
  file: string
}

/** Every importable specifier of package.json `exports`, wildcards expanded against `src/`. */
function publishedEntries(): Entry[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, unknown>
  }
  const sources = sourceFiles('src')
  return Object.entries(pkg.exports).flatMap(([pattern, conditions]) => {
    const source = sourceOf(runtimeTarget(conditions))
    if (!pattern.includes('*')) return [{ specifier: pattern, pattern, file: source }]
    // As in Node, `*` stands for any string, slashes included.
    const [before, after] = source.split('*') as [string, string]
    return sources
      .filter(
        (file) =>
          file.startsWith(before) && file.endsWith(after) && file.length >= before.length + after.length,
      )
      .map((file) => ({
        specifier: pattern.replace('*', file.slice(before.length, file.length - after.length)),
        pattern,
        file,
      }))
  })
}

function runtimeTarget(conditions: unknown): string {
  if (typeof conditions === 'string') return conditions
  const map = conditions as Record<string, unknown>
  const target = map.import ?? map.default ?? map.node
  if (typeof target !== 'string') throw new Error(`no import/default target in ${JSON.stringify(conditions)}`)
  return target
}

/** `./dist/X.js` → `src/X.ts`: what the build compiles into that file. */
function sourceOf(target: string): string {
  const match = /^\.\/dist\/(.+)\.js$/.exec(target)
  if (!match) throw new Error(`export target ${target} is not a ./dist/*.js file`)
  return `src/${match[1]}.ts`
}

/** The names `src/index.ts` exports, values and types alike, with `export *` followed to the end. */
function rootExportNames(): string[] {
  const entry = join(root, 'src/index.ts')
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
      },
    },
  )!
  const program = ts.createProgram([entry], { ...config.options, noEmit: true })
  const checker = program.getTypeChecker()
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!
  return checker
    .getExportsOfModule(module)
    .map((symbol) => symbol.getName())
    .sort()
}

/** A preset's own entry: `./providers/<id>` reaching that preset's source file. */
function isPresetEntry(entry: Entry): boolean {
  const id = /^\.\/providers\/([^/]+)$/.exec(entry.specifier)?.[1]
  return id !== undefined && entry.file === `src/providers/${id}.ts` && presetsById.has(id)
}

// Object.groupBy arrives with Node 21; the package supports Node 20.
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return groups
}

describe('public surface (package.json exports)', () => {
  const entries = publishedEntries()

  it(`publishes at most ${MAX_OTHER_SPECIFIERS} importable specifiers besides one per preset`, () => {
    const presetEntries = entries.filter(isPresetEntry)
    const others = entries.filter((entry) => !isPresetEntry(entry))
    console.log(
      `importable specifiers: ${others.length} besides ${presetEntries.length} presets (${others.map((e) => e.specifier).join(', ')})`,
    )
    expect(others.length).toBeLessThanOrEqual(MAX_OTHER_SPECIFIERS)
    // A preset specifier is `./providers/<id>` reaching `src/providers/<id>.ts` of a catalogued preset.
    expect(presetEntries.map((entry) => entry.specifier).sort()).toEqual(
      presets.map((preset) => `./providers/${preset.id}`).sort(),
    )
  })

  it('reaches no internal file, and src/protocol/ only where exports names the file', () => {
    const report = entries
      .filter(
        (entry) =>
          INTERNAL_FILE.test(entry.file) ||
          (entry.file.startsWith('src/protocol/') && entry.pattern.includes('*')),
      )
      .map((entry) => `${entry.specifier} (from ${entry.pattern}) reaches ${entry.file}`)
    console.log(`specifiers reaching internals: ${report.length}`)
    expect(report).toEqual([])
  })

  it('spells each module one way, documented aliases aside', () => {
    const canonical = entries.filter((entry) => !DOCUMENTED_ALIASES.has(entry.pattern))
    const report = [...groupBy(canonical, (entry) => entry.file)]
      .filter(([, spellings]) => spellings.length > 1)
      .map(([file, spellings]) => `${file}: ${spellings.map((entry) => entry.specifier).join(', ')}`)
    console.log(`modules published under more than one specifier: ${report.length}`)
    expect(report).toEqual([])
  })

  it('lists only existing export patterns as aliases', () => {
    const patterns = new Set(entries.map((entry) => entry.pattern))
    expect([...DOCUMENTED_ALIASES].filter((alias) => !patterns.has(alias))).toEqual([])
  })
})

describe('root exports (src/index.ts)', () => {
  it(`exports at most ${MAX_ROOT_EXPORTS} names, values and types together`, () => {
    const names = rootExportNames()
    console.log(`root exports: ${names.length}`)
    expect(names.length, names.join(', ')).toBeLessThanOrEqual(MAX_ROOT_EXPORTS)
  })
})
