/**
 * Generates the presets table in `docs/presets.md` and the preset list in `README.md` from the catalog
 * (`src/providers/index.ts`), between `<!-- presets:… -->` markers, so the docs cannot drift from the
 * data. `npx tsx scripts/presets-table.ts` rewrites both; `--check` exits 1 when either is stale (the
 * preset tests run the same check).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2 (the provider metadata the table summarises)
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { envName } from '../src/env.js'
import { type AnyPreset, presets, presetsById } from '../src/providers/index.js'
import { fillMarkers, type GeneratedFile, writeOrCheck } from './generated-text.js'

const PROTOCOLS: Record<AnyPreset['protocol'], string> = {
  oauth1: 'OAuth 1.0a',
  oauth2: 'OAuth 2',
  oidc: 'OpenID Connect',
}

/** `slack-legacy` → `SlackLegacy`. */
export function pascal(id: string): string {
  return id
    .split(/[^a-z0-9]+/i)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
}

/** `slack-legacy` → `slackLegacy`, the name of the preset module's client export. */
export function camel(id: string): string {
  const name = pascal(id)
  return name.charAt(0).toLowerCase() + name.slice(1)
}

function refresh(preset: AnyPreset): string {
  if (preset.protocol === 'oauth1') return 'n/a (tokens do not expire)'
  if (!preset.refresh) return 'no'
  if (preset.offline?.scope) return `with \`offline: true\` (scope \`${preset.offline.scope}\`)`
  if (preset.offline?.params) {
    const params = Object.entries(preset.offline.params).map(([k, v]) => `${k}=${v}`)
    return `with \`offline: true\` (\`${params.join('&')}\`)`
  }
  return 'yes'
}

function revocation(preset: AnyPreset): string {
  if (preset.protocol === 'oidc') return 'from discovery'
  if (preset.protocol === 'oauth1') return 'no'
  return preset.revocationUrl ? 'yes' : 'no'
}

function options(preset: AnyPreset): string {
  const names = 'options' in preset && preset.options ? preset.options : []
  return names.length === 0 ? '' : names.map((name) => `\`${name}\``).join(', ')
}

/** How the preset's facts are accounted for: `7 sourced · 1 silent · 2 unverified` (zero counts left out). */
export function factCounts(preset: AnyPreset): string {
  const counts: [number, string][] = [
    [Object.keys(preset.facts?.sources ?? {}).length, 'sourced'],
    [preset.facts?.silent?.facts.length ?? 0, 'silent'],
    [preset.facts?.unverified?.length ?? 0, 'unverified'],
  ]
  const parts = counts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`)
  return parts.length === 0 ? 'none' : parts.join(' · ')
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|')
}

/**
 * The provider cell: the title linked to its docs, struck through for a retired preset, with the day
 * and the replacement (the data, not today's date, decides, so the table does not change overnight).
 */
function provider(preset: AnyPreset): string {
  const link = `[${escapeCell(preset.title)}](${preset.docs})`
  if (!preset.retired) return link
  const instead = preset.retired.replacement ? `; use \`${preset.retired.replacement}\`` : ''
  return `~~${link}~~ (**retired** ${preset.retired.on}${instead})`
}

/** The presets a provider has retired (their factory refuses to start). */
const retired = presets.filter((p) => p.retired !== undefined)

/** The generated table of every preset. */
export function presetsTable(): string {
  const rows = presets.map((p) =>
    [
      provider(p),
      `\`${p.id}\``,
      PROTOCOLS[p.protocol],
      `\`make${pascal(p.id)}Blueprint\`, \`${camel(p.id)}\``,
      `\`${envName(p.id, 'CLIENT_ID')}\``,
      options(p),
      refresh(p),
      revocation(p),
      factCounts(p),
    ].join(' | '),
  )
  return [
    `${presets.length} presets${retired.length > 0 ? `, ${retired.length} of them retired by their provider (see [Retired providers](#retired-providers))` : ''}. Import each from \`oauth-dance/providers/<id>\` (what Flask-Dance calls \`flask_dance.contrib.<id>\`).`,
    '',
    '| Provider (docs) | id | Protocol | Factory, client | Client id variable | Options | Refresh | Revocation | Facts |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n')
}

/** The generated one-paragraph list for the README; retired presets are listed apart. */
export function presetsList(): string {
  const inService = presets.filter((p) => p.retired === undefined)
  const by = (protocol: AnyPreset['protocol']) =>
    inService
      .filter((p) => p.protocol === protocol)
      .map((p) => p.title)
      .join(', ')
  const gone = retired.map((p) => {
    const instead = p.retired?.replacement ? `; use ${presetsById.get(p.retired.replacement)?.title}` : ''
    return `${p.title} (${p.retired?.on}${instead})`
  })
  return [
    `${inService.length} presets, each tested end to end against a stand-in that answers the way the provider documents.`,
    '',
    `- **OAuth 2:** ${by('oauth2')}.`,
    `- **OpenID Connect:** ${by('oidc')}.`,
    `- **OAuth 1.0a:** ${by('oauth1')}.`,
    ...(gone.length > 0
      ? [`- **Retired by their provider** (the factory refuses to start): ${gone.join(', ')}.`]
      : []),
  ].join('\n')
}

/** The files this script maintains, with their up-to-date contents. */
export function generated(root: URL): GeneratedFile[] {
  const docs = fileURLToPath(new URL('docs/presets.md', root))
  const readme = fileURLToPath(new URL('README.md', root))
  const docsText = readFileSync(docs, 'utf8')
  const readmeText = readFileSync(readme, 'utf8')
  return [
    { path: docs, current: docsText, expected: fillMarkers(docsText, 'presets', 'table', presetsTable()) },
    {
      path: readme,
      current: readmeText,
      expected: fillMarkers(readmeText, 'presets', 'list', presetsList()),
    },
  ]
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeOrCheck(generated(new URL('../', import.meta.url)), 'npx tsx scripts/presets-table.ts', process.argv)
}
