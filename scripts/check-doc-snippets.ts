/**
 * Type-checks the TypeScript in the docs. Every ```ts / ```typescript fenced block of README.md and
 * docs/*.md is written to `.doc-snippets/` (one module per block) and compiled with the project's
 * compiler options, so `oauth-dance/...` imports resolve to src/ through tsconfig.json's "paths".
 * Errors are reported at the markdown file and line. `npx tsx scripts/check-doc-snippets.ts` (or
 * `npm run typecheck:docs`); exits 1 on any error. `--keep` leaves `.doc-snippets/` for inspection.
 *
 * Markers after the language: ```` ```ts continues ```` checks a block appended to the file's previous
 * checked block (for a later block that uses names an earlier one declared); ```` ```ts nocheck ````
 * skips a deliberate fragment. Use `nocheck` sparingly: a checked snippet is one that still works.
 * Blocks may use `app` (the reader's Express app) and import `./db.js` / `./users.js` / `./app.js` (the
 * reader's own modules) without declaring them; see `CONTEXT_FILES`.
 *
 * @see https://www.typescriptlang.org/docs/handbook/modules/reference.html#paths
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { DanceError } from '../src/errors.js'

/**
 * One fenced TypeScript block of a markdown file.
 * @see https://spec.commonmark.org/0.31.2/#fenced-code-blocks
 */
export interface Snippet {
  /** The markdown file, relative to the repository root (`docs/storage.md`). */
  readonly source: string
  /** 1-based line of the block's first code line in the markdown file. */
  readonly line: number
  /** The block's code, fence indentation removed. */
  readonly code: string
  /** False when the fence's info string says `nocheck`. */
  readonly check: boolean
  /** True when the info string says `continues`: checked after the file's previous checked block. */
  readonly continues: boolean
}

/**
 * A type error, located in the markdown.
 * @see https://github.com/microsoft/TypeScript/wiki/Using-the-Compiler-API
 */
export interface SnippetError {
  /** `docs/storage.md:42:7`. */
  readonly location: string
  readonly message: string
}

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)(.*)$/
const TS_LANGUAGES = new Set(['ts', 'typescript', 'mts'])

/**
 * The TypeScript blocks of one markdown text (CommonMark fences: ``` or ~~~, up to three spaces of
 * indentation, closed by the same character at least as long). Other fenced blocks are skipped whole
 * so a fence inside them is not mistaken for the start of one.
 * @see https://spec.commonmark.org/0.31.2/#fenced-code-blocks
 */
export function extractSnippets(markdown: string, source: string): Snippet[] {
  const lines = markdown.split(/\r?\n/)
  const snippets: Snippet[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!)
    if (!open) continue
    const [, indent = '', marker = '', language = '', rest = ''] = open
    // A backtick fence's info string may not contain backticks (CommonMark §4.5): then it is inline code.
    if (marker.startsWith('`') && rest.includes('`')) continue
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length; j++) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j]!)
      if (close && close[1]![0] === marker[0] && close[1]!.length >= marker.length) break
      // Content lines lose up to as much indentation as the opening fence had.
      const line = lines[j]!
      const strip = Math.min(indent.length, line.length - line.trimStart().length)
      body.push(line.slice(strip))
    }
    if (TS_LANGUAGES.has(language.toLowerCase())) {
      snippets.push({
        source,
        line: i + 2,
        code: body.join('\n'),
        check: !/(^|\s)nocheck(\s|$)/.test(rest),
        continues: /(^|\s)continues(\s|$)/.test(rest),
      })
    }
    i = j
  }
  return snippets
}

/**
 * README.md and docs/*.md (sorted), relative to `root`.
 * @see https://spec.commonmark.org/0.31.2/
 */
export function markdownFiles(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`)
  return ['README.md', ...docs]
}

/**
 * What the docs take as given, so examples need not repeat it: `app`, the reader's Express app, and
 * the reader's own modules `./db.js` (a Kysely instance), `./users.js` (a user model) and `./app.js`
 * (the testing guide's `makeApp`). Written next to the snippets; nothing else is assumed.
 */
const CONTEXT_FILES: Readonly<Record<string, string>> = {
  'globals.d.ts': "declare const app: import('express').Express\n",
  // Typed as apps type theirs (their own tables), so an API that only takes `Kysely<unknown>` shows up.
  'db.ts':
    "import type { Kysely } from 'kysely'\n\nexport interface Database {\n  users: { id: string; email: string }\n}\nexport declare const db: Kysely<Database>\n",
  'users.ts':
    'export declare function findOrCreateUserByGithubId(githubId: string, login: string): Promise<{ id: string }>\n',
  // The testing guide's app module (examples/testing/app.ts): its tests import it as `./app.js`.
  'app.ts':
    "export declare function makeApp(options?: import('oauth-dance/providers/github').GithubBlueprintOptions): import('express').Express\n",
}

/** A run of snippet-file lines that came from one markdown block. */
interface Segment {
  readonly snippet: Snippet
  /** 0-based line of the snippet file where the block starts. */
  readonly from: number
}

/** The snippet file name for a block: `.doc-snippets/docs_storage_L42.ts`. */
function snippetFileName(snippet: Snippet): string {
  return `${snippet.source.replace(/\.md$/i, '').replace(/[^A-Za-z0-9]+/g, '_')}_L${snippet.line}.ts`
}

/**
 * Writes the checked snippets of `files` into `outDir` (which should be new and empty) and type-checks them with `tsconfig`'s
 * options. Returns the errors, located in the markdown (sorted, each reported once); an error outside
 * any snippet (in src/, say) is reported where it is.
 * @see https://github.com/microsoft/TypeScript/wiki/Using-the-Compiler-API
 */
export function checkSnippets(options: {
  root: string
  files: readonly string[]
  outDir: string
  tsconfig: string
}): { snippets: Snippet[]; errors: SnippetError[] } {
  const { root, outDir } = options
  const all = options.files.flatMap((file) => extractSnippets(readFileSync(join(root, file), 'utf8'), file))
  const snippets = all.filter((s) => s.check)
  mkdirSync(outDir, { recursive: true })
  for (const [name, text] of Object.entries(CONTEXT_FILES)) writeFileSync(join(outDir, name), text)
  const segmentsByFile = new Map<string, Segment[]>()
  const previous = new Map<string, Segment[]>()
  for (const snippet of snippets) {
    const before = snippet.continues ? (previous.get(snippet.source) ?? []) : []
    if (snippet.continues && before.length === 0) {
      throw new DanceError(
        'config_invalid',
        `${snippet.source}:${snippet.line - 1}: "continues" with no block before.`,
      )
    }
    const last = before.at(-1)
    const from = last ? last.from + last.snippet.code.split('\n').length : 0
    const segments = [...before, { snippet, from }]
    const path = resolve(outDir, snippetFileName(snippet))
    writeFileSync(path, `${segments.map((s) => s.snippet.code).join('\n')}\n`)
    segmentsByFile.set(path, segments)
    previous.set(snippet.source, segments)
  }
  if (snippets.length === 0) return { snippets, errors: [] }

  const parsed = ts.getParsedCommandLineOfConfigFile(
    options.tsconfig,
    {
      noEmit: true,
      // Every block is its own module, even one without import/export, so two blocks declaring the
      // same name do not collide as scripts in one global scope would.
      moduleDetection: ts.ModuleDetectionKind.Force,
      // Docs declare things to show them (`const blueprint = ...`) without using them afterwards.
      noUnusedLocals: false,
      noUnusedParameters: false,
    },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail(format([d], root)) },
  )
  if (!parsed) throw new DanceError('config_invalid', `Cannot read ${options.tsconfig}.`)
  const roots = [...segmentsByFile.keys(), resolve(outDir, 'globals.d.ts')]
  const program = ts.createProgram(roots, parsed.options)
  const diagnostics = ts.getPreEmitDiagnostics(program)
  return { snippets, errors: locate(diagnostics, segmentsByFile, root) }
}

function locate(
  diagnostics: readonly ts.Diagnostic[],
  segmentsByFile: ReadonlyMap<string, readonly Segment[]>,
  root: string,
): SnippetError[] {
  const errors = new Map<string, SnippetError & { sort: [string, number, number] }>()
  for (const d of diagnostics) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n')
    let error: SnippetError & { sort: [string, number, number] }
    if (!d.file || d.start === undefined) {
      error = { location: '(project)', message, sort: ['', 0, 0] }
    } else {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start)
      const segment = segmentsByFile.get(resolve(d.file.fileName))?.findLast((s) => s.from <= line)
      const [source, mdLine] = segment
        ? [segment.snippet.source, segment.snippet.line + line - segment.from]
        : [relative(root, d.file.fileName), line + 1]
      error = { location: `${source}:${mdLine}:${character + 1}`, message, sort: [source, mdLine, character] }
    }
    // A block that others continue is compiled once per continuation: report each error once.
    errors.set(`${error.location}\u0000${message}`, error)
  }
  return [...errors.values()]
    .sort((a, b) => a.sort[0].localeCompare(b.sort[0]) || a.sort[1] - b.sort[1] || a.sort[2] - b.sort[2])
    .map(({ location, message }) => ({ location, message }))
}

function format(diagnostics: readonly ts.Diagnostic[], root: string): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  })
}

function fail(message: string): never {
  throw new DanceError('config_invalid', message)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const root = fileURLToPath(new URL('../', import.meta.url)).replace(new RegExp(`\\${sep}$`), '')
  // One directory per run, so two runs at once (CI and an editor, two engineers) never share files.
  const parent = join(root, '.doc-snippets')
  mkdirSync(parent, { recursive: true })
  const outDir = mkdtempSync(join(parent, 'run-'))
  const { snippets, errors } = checkSnippets({
    root,
    files: markdownFiles(root),
    outDir,
    tsconfig: join(root, 'tsconfig.json'),
  })
  // Removed unless asked to keep it, so `biome check .` never lints the generated copies.
  if (!process.argv.includes('--keep')) {
    rmSync(outDir, { recursive: true, force: true })
    // Not recursive: another run may have just made its own directory in it.
    try {
      rmdirSync(parent)
    } catch {
      // Not empty (another run is using it) or already gone: either way, not ours to remove.
    }
  }
  for (const error of errors) console.error(`${error.location} - ${error.message}`)
  const files = new Set(snippets.map((s) => s.source)).size
  if (errors.length > 0) {
    console.error(`\n${errors.length} type error(s) in the docs' TypeScript snippets.`)
    process.exit(1)
  }
  console.log(`Doc snippets: ${snippets.length} blocks in ${files} files type-check.`)
}
