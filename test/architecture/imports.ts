import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/** The repository root, so every path in a failure message reads as `src/...`. */
export const root = fileURLToPath(new URL('../../', import.meta.url))

/** One import edge of a source file, as written and as resolved. */
export interface Import {
  /** The importing file, relative to the repository root (`src/client/api-client.ts`). */
  from: string
  /** The specifier as written (`../consumer/blueprint.js`, `oauth4webapi`). */
  specifier: string
  /** The src file a relative specifier names, relative to the root; undefined for a package. */
  file?: string
  /** The package a bare specifier names (`express`, `@hono/node-server`, `node:async_hooks`). */
  pkg?: string
  /** True when the edge exists for types alone (`import type`, `export type ... from`, `import('x').T`). */
  typeOnly: boolean
  /** 1-based line of the specifier, for the failure message. */
  line: number
}

/** Every `.ts` file under `dir` (relative to the root), sorted so failures print in a stable order. */
export function sourceFiles(dir = 'src'): string[] {
  const found: string[] = []
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(toRootPath(path))
    }
  }
  walk(join(root, dir))
  return found.sort()
}

/** Every import of every file under `dir`, in file order then line order. */
export function readImports(dir = 'src'): Import[] {
  return sourceFiles(dir).flatMap((file) => importsOf(file))
}

/**
 * The imports of one file, read from its syntax tree rather than by pattern, so a specifier inside
 * a comment or a template string is never taken for an edge and a multi-line import is never missed.
 */
export function importsOf(file: string, text = readFileSync(join(root, file), 'utf8')): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const found: Import[] = []
  const add = (literal: ts.Node, typeOnly: boolean): void => {
    if (!ts.isStringLiteralLike(literal)) return
    const line = source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1
    found.push({ from: file, specifier: literal.text, typeOnly, line, ...target(file, literal.text) })
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, isTypeOnlyImport(node))
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      add(node.moduleSpecifier, isTypeOnlyExport(node))
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly)
    } else if (isDynamicImport(node)) {
      add(node.arguments[0]!, false)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause
  if (!clause) return false // `import './x.js'` runs the module
  if (clause.isTypeOnly) return true
  // `import { type A, type B } from` is erased too; a default import or a namespace import is not.
  const bindings = clause.namedBindings
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  )
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true
  const clause = node.exportClause
  return (
    clause !== undefined &&
    ts.isNamedExports(clause) &&
    clause.elements.length > 0 &&
    clause.elements.every((element) => element.isTypeOnly)
  )
}

function isDynamicImport(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    node.expression.kind === ts.SyntaxKind.ImportKeyword &&
    node.arguments.length > 0 &&
    ts.isStringLiteralLike(node.arguments[0]!)
  )
}

/**
 * What a specifier names: a src file (relative specifiers, and package.json `imports` like
 * `#back-channel`) or a package (bare ones).
 */
function target(from: string, specifier: string): { file?: string; pkg?: string } {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const file = resolveRelative(from, specifier)
    return file === undefined ? {} : { file }
  }
  if (specifier.startsWith('#')) {
    const file = resolveSubpathImport(specifier)
    return file === undefined ? {} : { file }
  }
  return { pkg: packageName(specifier) }
}

/**
 * The src file a package.json `imports` specifier reaches on Node (its `default` target,
 * `./dist/<file>.js` compiled from `src/<file>.ts`); undefined when package.json does not map it.
 */
export function resolveSubpathImport(specifier: string): string | undefined {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const target: unknown = pkg.imports?.[specifier]?.default
  const match = typeof target === 'string' ? /^\.\/dist\/(.+)\.js$/.exec(target) : null
  if (!match) return undefined
  const file = `src/${match[1]}.ts`
  return existsSync(join(root, file)) ? file : undefined
}

/**
 * The file a relative specifier reaches under NodeNext resolution as this project writes it: `.js`
 * names the `.ts` beside it, and a folder reaches its `index.ts`. Undefined when nothing is there,
 * which the layer test reports instead of silently dropping the edge.
 */
export function resolveRelative(from: string, specifier: string): string | undefined {
  const abs = resolve(root, dirname(from), specifier)
  const candidates = [
    abs.replace(/\.js$/, '.ts'),
    abs.replace(/\.mjs$/, '.mts'),
    abs,
    `${abs}.ts`,
    join(abs.replace(/\.js$/, ''), 'index.ts'),
    join(abs, 'index.ts'),
  ]
  const hit = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile())
  return hit === undefined ? undefined : toRootPath(hit)
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; a Node builtin always with its `node:` prefix. */
export function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier
  const parts = specifier.split('/')
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
  return isBuiltin(name) ? `node:${specifier}` : name
}

function toRootPath(abs: string): string {
  return relative(root, abs).split(sep).join('/')
}
