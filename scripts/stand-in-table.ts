/**
 * Generates, in `docs/testing.md`, the tables of `startStandIn`'s options, the stand-in's knobs
 * (`StandInBehaviour`) and `loginAs`'s options from those interfaces (members, types, TSDoc), and the
 * list of built-in API routes from the stand-in's own route table, between `<!-- stand-in:… -->` markers, so the guide cannot drift from
 * the kit. `npx tsx scripts/stand-in-table.ts` rewrites them; `--check` exits 1 when they are stale
 * (test/testing/guide.test.ts runs the same check).
 * @see https://github.com/microsoft/TypeScript/wiki/Using-the-Compiler-API
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { DanceError } from '../src/errors.js'
import { BUILTIN_ROUTES } from '../src/testing/stand-in/builtin-routes.js'
import { fillMarkers, type GeneratedFile, writeOrCheck } from './generated-text.js'

function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim()
}

/** A table of an interface's members (name, type, TSDoc), in declaration order. */
export function membersTable(source: string, name: string, header: string): string {
  const file = ts.createSourceFile('source.ts', source, ts.ScriptTarget.Latest, true)
  const declaration = file.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  )
  if (!declaration) throw new DanceError('config_invalid', `No interface ${name} is declared there.`)
  const rows = declaration.members.filter(ts.isPropertySignature).map((member) => {
    let docs = ts
      .getJSDocCommentsAndTags(member)
      .filter(ts.isJSDoc)
      .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
      .join(' ')
      // `{@link StandIn.behave}` reads as the name in code font.
      .replace(/\{@link\s+([^}\s]+)\s*\}/g, '`$1`')
    const type = member.type?.getText(file) ?? 'unknown'
    // A member documented together with the one before it (`clientId` and `clientSecret`) has no TSDoc.
    if (docs.trim() === '') docs = '(see the row above)'
    return `| \`${member.name.getText(file)}\` | \`${cell(type)}\` | ${cell(docs)} |`
  })
  return [`| ${header} | Type | What it does |`, '|---|---|---|', ...rows].join('\n')
}

/** The built-in API routes, one line per preset that has some. */
export function builtinRoutesList(): string {
  return Object.entries(BUILTIN_ROUTES)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([id, routes]) =>
        `- \`${id}\`: ${Object.keys(routes)
          .map((key) => `\`${key}\``)
          .join(', ')}`,
    )
    .join('\n')
}

/** The tables and list in docs/testing.md, by marker name, from the kit's sources under `root`. */
export function sections(root: URL): Record<string, string> {
  const read = (path: string) => readFileSync(new URL(path, root), 'utf8')
  const types = read('src/testing/stand-in/types.ts')
  return {
    options: membersTable(types, 'StandInOptions', 'Option'),
    knobs: membersTable(types, 'StandInBehaviour', 'Knob'),
    'login-options': membersTable(read('src/testing/login-as.ts'), 'LoginAsOptions', 'Option'),
    routes: builtinRoutesList(),
  }
}

/** The file this script maintains, with its up-to-date contents. */
export function generated(root: URL): GeneratedFile[] {
  const guide = fileURLToPath(new URL('docs/testing.md', root))
  const current = readFileSync(guide, 'utf8')
  const expected = Object.entries(sections(root)).reduce(
    (text, [name, content]) => fillMarkers(text, 'stand-in', name, content),
    current,
  )
  return [{ path: guide, current, expected }]
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeOrCheck(generated(new URL('../', import.meta.url)), 'npx tsx scripts/stand-in-table.ts', process.argv)
}
