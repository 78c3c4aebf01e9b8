/**
 * The contract every preset keeps, over the whole catalog (all protocols): unique ids that are valid
 * blueprint names, https URLs that parse, the fields its protocol needs, environment names by the one
 * rule, an https documentation link, and a TSDoc `@see` in its source file. Also: every preset file is
 * in the catalog, and every factory reads its credentials from the environment names the rule gives.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Blueprint } from '../../src/consumer/blueprint.js'
import { envName } from '../../src/env.js'
import type { Protocol } from '../../src/protocol/protocol.js'
import { type AnyPreset, presets, presetsById } from '../../src/providers/index.js'
import { isRetired } from '../../src/providers/retired.js'

const PROVIDERS_DIR = fileURLToPath(new URL('../../src/providers/', import.meta.url))
const HELPERS = new Set([
  'index.ts',
  'define.ts',
  'define-oidc.ts',
  'define-oauth1.ts',
  'types.ts',
  'host.ts',
])
const presetFiles = readdirSync(PROVIDERS_DIR).filter((f) => f.endsWith('.ts') && !HELPERS.has(f))

/** The source file that declares a preset id. */
function sourceOf(id: string): { file: string; text: string } {
  for (const file of presetFiles) {
    const text = readFileSync(`${PROVIDERS_DIR}${file}`, 'utf8')
    if (text.includes(`id: '${id}',`)) return { file, text }
  }
  throw new Error(`no source file declares the preset ${id}`)
}

const REQUIRED: Record<AnyPreset['protocol'], readonly string[]> = {
  oauth1: ['requestTokenUrl', 'authorizationUrl', 'accessTokenUrl'],
  oauth2: ['authorizationUrl', 'tokenUrl'],
  oidc: ['issuer'],
}

/** Every URL-valued field of a preset (issuers may hold `{placeholders}` the factory fills). */
function urls(preset: AnyPreset): Array<[string, string]> {
  return Object.entries(preset).filter(
    (entry): entry is [string, string] =>
      typeof entry[1] === 'string' && /(Url|^issuer|^docs)$/.test(entry[0]),
  )
}

describe('the preset catalog', () => {
  it('holds at least 100 presets in service, of the three protocols, ids unique', () => {
    expect(presets.filter((p) => !isRetired(p)).length).toBeGreaterThanOrEqual(100)
    expect(new Set(presets.map((p) => p.id)).size).toBe(presets.length)
    expect(presetsById.size).toBe(presets.length)
    expect(new Set(presets.map((p) => p.protocol))).toEqual(new Set(['oauth1', 'oauth2', 'oidc']))
  })

  it('names, for each retired preset with a replacement, a catalogued preset still in service', () => {
    const replacements = presets.flatMap((p) =>
      p.retired?.replacement ? [[p.id, p.retired.replacement]] : [],
    )
    const dangling = replacements.filter(([, id]) => {
      const replacement = presetsById.get(id!)
      return replacement === undefined || replacement.retired !== undefined
    })
    expect(dangling).toEqual([])
  })

  it('lists every preset a provider file exports', () => {
    const exported = presetFiles.flatMap((file) =>
      [...readFileSync(`${PROVIDERS_DIR}${file}`, 'utf8').matchAll(/^ {2}id: '([^']+)',$/gm)].map(
        (m) => m[1],
      ),
    )
    expect(exported.filter((id) => !presetsById.has(id!))).toEqual([])
  })
})

describe.each(presets.map((p) => [p.id, p] as const))('preset %s', (id, preset) => {
  it('has an id usable as a blueprint name and environment stem', () => {
    expect(id).toMatch(/^[a-z0-9][a-z0-9_-]{0,62}$/)
    const stem = id.toUpperCase().replace(/[^A-Z0-9]+/g, '_')
    expect(envName(id, 'CLIENT_ID')).toBe(`${stem}_OAUTH_CLIENT_ID`)
    expect(envName(id, 'CLIENT_SECRET')).toMatch(/^[A-Z][A-Z0-9_]*_OAUTH_CLIENT_SECRET$/)
  })

  it('has the fields its protocol needs, and https URLs that parse', () => {
    expect(preset.title.length).toBeGreaterThan(0)
    for (const field of REQUIRED[preset.protocol]) {
      expect(typeof (preset as unknown as Record<string, unknown>)[field], field).toBe('string')
    }
    for (const [field, value] of urls(preset)) {
      const url = new URL(value.replace(/\{(\w+)\}/g, 'x'))
      expect(url.protocol, `${field} ${value}`).toBe('https:')
      expect(url.username + url.password, field).toBe('')
    }
    if ('defaultScope' in preset && preset.defaultScope) {
      for (const scope of preset.defaultScope) expect(scope).toMatch(/^\S+$/)
    }
  })

  it('links its documentation from the data and from the TSDoc', () => {
    expect(new URL(preset.docs).protocol).toBe('https:')
    const { text } = sourceOf(id)
    const tsdoc = text.slice(0, text.indexOf('*/'))
    // Labelled with the page's title, as every @see in src is.
    expect(tsdoc).toMatch(/@see \[[^\]]+\]\(https:\/\/[^)\s]+\)/)
  })
})

/** Options a factory cannot do without (a shop, a tenant domain...), by preset id. */
const REQUIRED_OPTIONS: Record<string, Record<string, unknown>> = {
  shopify: { shop: 'acme.myshopify.com' },
  zendesk: { subdomain: 'acme' },
  nextcloud: { hostname: 'cloud.example.com' },
  homeassistant: { hostname: 'home.example.com' },
}

describe('every OAuth 2 factory reads credentials from the environment names of the rule', async () => {
  // A retired preset's factory refuses before it reads credentials (retired.test.ts).
  const oauth2 = presets.filter((p) => p.protocol === 'oauth2' && !isRetired(p))
  const factories = new Map<string, (options: Record<string, unknown>) => Blueprint>()
  for (const preset of oauth2) {
    const module = (await import(
      `../../src/providers/${sourceOf(preset.id).file.replace(/\.ts$/, '.js')}`
    )) as Record<string, unknown>
    const make = Object.entries(module).find(
      ([name, value]) => /^make\w+Blueprint$/.test(name) && typeof value === 'function',
    )?.[1] as ((options: Record<string, unknown>) => Blueprint) | undefined
    if (make) factories.set(preset.id, make)
  }

  it.each(oauth2.map((p) => [p.id] as const))('%s', (id) => {
    const make = factories.get(id)
    expect(make, `a make…Blueprint export for ${id}`).toBeTypeOf('function')
    const env = { [envName(id, 'CLIENT_ID')]: `env-id-${id}`, [envName(id, 'CLIENT_SECRET')]: 'env-secret' }
    const blueprint = make!({ ...REQUIRED_OPTIONS[id], env }) as Blueprint<Protocol & { clientId?: string }>
    expect(blueprint.name).toBe(id)
    expect(blueprint.protocol.clientId).toBe(`env-id-${id}`)
    expect(() => make!({ ...REQUIRED_OPTIONS[id], env: {} })).toThrow(envName(id, 'CLIENT_ID'))
  })
})
