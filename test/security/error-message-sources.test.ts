/**
 * Issue 12 #5, closed structurally: `DanceError.message` is documented as safe to show, so no byte a
 * provider chose may reach it. This reads every `new DanceError(...)` in src with the TypeScript
 * checker and requires its message to be built only from our own text: string literals, literal-typed
 * values (`FixedText`, unions of literals), numbers, and the reviewed list of our own facts below (the
 * blueprint name, values from the app's configuration). Anything else (a provider's `issuer`, an
 * `error_description`, a library's error message, a URL from a discovery document) fails here; provider
 * text belongs in `providerError`, `providerErrorDescription` or `providerDetail`. The testing kit
 * (`src/testing/`, test runs only) is outside this rule; see the loop below.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * Interpolations reviewed as ours: blueprint names and the app's own configuration, never read from a
 * provider answer. Adding to this list needs the same review.
 */
const OWN_FACTS = new Set([
  // Blueprint names (chosen by the app).
  'name',
  'provider',
  'this.name',
  'this.#name',
  'context.name',
  'this.#context.name',
  'blueprint.name',
  'options.name',
  'key.provider',
  'port.provider',
  'needy.name',
  'host.name',
  'config.name',
  'preset',
  'preset.title',
  // A retired preset's day, note and source page: our own catalogue's data, not a provider's answer.
  'describe(preset, retirement, true)',
  // App configuration read at start-up (table names, env var names, configured URLs, key ids).
  'table',
  'this.#table',
  'TABLE_PATTERN',
  'NAME_PATTERN',
  'KID_PATTERN',
  'entry.id',
  'url',
  'label',
  'value',
  'JSON.stringify(value)',
  'given',
  'pool',
  'JSON.stringify(pool)',
  'basePath',
  'dataCenter',
  'shop',
  'hostedDomain',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of an interpolation, not a template
  'choices.map((c) => `"${c}"`).join(\', \')',
  'option',
  'field',
  'names',
  'envName(name, field)',
  "envName(name, 'BASE_URL')",
  'path',
  'column',
  'what',
  'String(method)',
  'String(location)',
  // The scheme of a request the app made (PLAINTEXT over http is refused).
  'request.url.protocol',
  // The key id of a value we sealed ourselves (storage, not a provider).
  'kid',
  // The clocks of a refused OAuth 1 signature: two dates we parse and print ourselves (numbers only).
  'clockHint(response)',
  // `ownedBy` re-issues a DanceError of the app's own code under its blueprint: the message is the one
  // that error was built with (ours are checked here; the app's is the app's own), never a provider's.
  'unowned.message',
])

interface Violation {
  where: string
  text: string
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

function messageViolations(): { violations: Violation[]; checked: number } {
  const files = sourceFiles('src')
  const config = ts.readConfigFile('tsconfig.json', ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, '.')
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true })
  const checker = program.getTypeChecker()
  const violations: Violation[] = []
  let checked = 0

  const isFixedType = (node: ts.Expression): boolean => {
    const type = checker.getTypeAtLocation(node)
    const parts = type.isUnion() ? type.types : [type]
    return parts.every((part) => {
      if (part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false
      if (part.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.StringLiteral)) {
        return true
      }
      // `FixedText<T>` (a conditional or type parameter constrained to literals) prints by its name.
      return !(part.flags & ts.TypeFlags.String) && checker.typeToString(part) !== 'string'
    })
  }

  const own = (node: ts.Expression, file: ts.SourceFile): boolean => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return true
    if (OWN_FACTS.has(node.getText(file))) return true
    if (ts.isParenthesizedExpression(node)) return own(node.expression, file)
    if (ts.isConditionalExpression(node)) return own(node.whenTrue, file) && own(node.whenFalse, file)
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      return own(node.left, file) && own(node.right, file)
    }
    if (ts.isTemplateExpression(node)) {
      return node.templateSpans.every((span) => own(span.expression, file))
    }
    return isFixedType(node)
  }

  for (const file of program.getSourceFiles()) {
    if (!files.some((f) => file.fileName.endsWith(f))) continue
    // The testing kit runs in an app's tests only (its stand-ins refuse production) and its errors are
    // read by a developer in the test runner, never shown to a browser: they may quote the app's answer,
    // a recorded URL or a stand-in's refusal, which is what a failing test needs to say.
    if (file.fileName.includes('/src/testing/')) continue
    const usesFixedText = file.text.includes('FixedText')
    const report = (node: ts.Node, message: ts.Expression | undefined) => {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file))
      violations.push({
        where: `${file.fileName}:${line + 1}`,
        text: message?.getText(file).slice(0, 160) ?? '',
      })
    }
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && node.expression.getText(file) === 'DanceError' && node.arguments) {
        checked++
        const message = node.arguments[1]
        if (!message || !own(message, file)) report(node, message)
      }
      // A subclass passes its message up with super(code, message).
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
        const owner = ts.findAncestor(node, ts.isClassLike)
        const extendsDanceError = owner?.heritageClauses?.some((clause) =>
          clause.types.some((type) => type.expression.getText(file) === 'DanceError'),
        )
        if (extendsDanceError) {
          checked++
          const message = node.arguments[1]
          if (!message || !own(message, file)) report(node, message)
        }
      }
      // Helpers that build messages declare the parameter `FixedText<...>` (the type already refuses a
      // plain `string`); check the templates their callers pass. Resolving signatures is slow, so only
      // in files that deal in FixedText (helpers and their callers import or declare it).
      const messageLike = (a: ts.Expression) => ts.isStringLiteralLike(a) || ts.isTemplateExpression(a)
      if (usesFixedText && ts.isCallExpression(node) && node.arguments.some(messageLike)) {
        const declaration = checker.getResolvedSignature(node)?.getDeclaration()
        const parameters = declaration && 'parameters' in declaration ? declaration.parameters : []
        parameters.forEach((parameter, index) => {
          if (!parameter.type?.getText().startsWith('FixedText')) return
          checked++
          const argument = node.arguments[index]
          if (argument && !own(argument, file)) report(node, argument)
        })
      }
      ts.forEachChild(node, visit)
    }
    visit(file)
  }
  return { violations, checked }
}

describe('DanceError messages are built only from our own text (issue 12 #5)', () => {
  it('every new DanceError in src has a message of literals, numbers and reviewed own facts', () => {
    const { violations, checked } = messageViolations()
    expect(checked).toBeGreaterThan(100)
    expect(violations).toEqual([])
  }, 60_000)
})
