/**
 * Every preset accounts for each fact it states about its provider exactly once: a documentation page
 * and the day it was read (`sources`), a place in the list of what the documentation, read whole,
 * leaves unsaid (`silent`), or a place in the list of facts looked for and not found stated
 * (`unverified`). No date lies in the future. And the stand-in's specs do not enforce a fact the
 * documentation does not state: where a preset's client authentication or PKCE is silent or
 * unverified, the spec accepts what a provider could document instead, and where the scope separator
 * is, it checks the scopes sent but not how they are joined.
 */
import { describe, expect, it } from 'vitest'
import type { PresetFactName, PresetFacts } from '../../src/providers/facts.js'
import { type AnyPreset, presets } from '../../src/providers/index.js'
import { type ProviderSpec, SPECS } from './specs.js'

/** The facts every preset must account for, whatever its protocol. */
const REQUIRED: Readonly<Record<AnyPreset['protocol'], readonly PresetFactName[]>> = {
  oauth2: ['endpoints', 'clientAuth', 'pkce', 'scopeSeparator', 'refresh', 'revocation', 'apiAuth'],
  oidc: ['endpoints', 'clientAuth', 'pkce', 'refresh', 'revocation'],
  oauth1: ['endpoints', 'apiAuth', 'revocation'],
}

const today = new Date().toISOString().slice(0, 10)

/** Whether the preset's documentation was found to state this fact. */
function documented(facts: PresetFacts | undefined, fact: PresetFactName): boolean {
  return facts?.sources[fact] !== undefined
}

describe.each(presets.filter((p) => p.facts).map((p) => [p.id, p] as const))(
  'preset %s facts',
  (_id, preset) => {
    const facts = preset.facts!
    const sourced = Object.keys(facts.sources) as PresetFactName[]
    const silent = facts.silent?.facts ?? []
    const unverified = facts.unverified ?? []

    it('accounts for every required fact, each exactly once', () => {
      const accounted = [...sourced, ...silent, ...unverified]
      expect(REQUIRED[preset.protocol].filter((f) => !accounted.includes(f))).toEqual([])
      const twice = accounted.filter((f, i) => accounted.indexOf(f) !== i)
      expect(twice, 'facts listed twice (or in two of sources, silent, unverified)').toEqual([])
    })

    it('names an https page and a real past date for each source', () => {
      for (const [fact, source] of Object.entries(facts.sources)) {
        expect(new URL(source!.url).protocol, fact).toBe('https:')
        expect(source!.checked, fact).toMatch(/^\d{4}-\d{2}-\d{2}$/)
        expect(Number.isNaN(Date.parse(source!.checked)), fact).toBe(false)
        expect(source!.checked <= today, `${fact} checked in the future`).toBe(true)
      }
    })

    it('says in words what the documentation leaves unsaid', () => {
      if (silent.length === 0) return expect(facts.silent).toBeUndefined()
      expect(facts.silent!.note.length).toBeGreaterThan(20)
    })

    it('lists no empty unverified set', () => {
      if (facts.unverified !== undefined) expect(unverified.length).toBeGreaterThan(0)
    })
  },
)

describe('fact coverage', () => {
  it('every preset states where its facts come from', () => {
    expect(presets.filter((p) => !p.facts).map((p) => p.id)).toEqual([])
  })
})

/** The preset a spec exercises. */
const presetOf = (spec: ProviderSpec) => presets.find((p) => p.id === spec.preset)

describe('the stand-in enforces only documented facts', () => {
  it('every spec names a preset', () => {
    expect(SPECS.filter((s) => !presetOf(s)).map((s) => s.name)).toEqual([])
  })

  it('takes either client authentication where the documentation does not say which', () => {
    const guessed = SPECS.filter(
      (s) =>
        (s.clientAuth === 'basic' || s.clientAuth === 'post') &&
        !documented(presetOf(s)?.facts, 'clientAuth'),
    )
    expect(guessed.map((s) => `${s.name}: ${s.clientAuth}`)).toEqual([])
  })

  it('neither requires nor refuses PKCE where the documentation does not say', () => {
    const pkceChecks = (s: ProviderSpec) =>
      [
        ...Object.keys(s.authorizeParams ?? {}).filter((k) => k.startsWith('code_challenge')),
        ...Object.keys(s.codeParams ?? {}).filter((k) => k === 'code_verifier'),
      ].map((k) => `${s.name}: ${k}`)
    const guessed = SPECS.filter((s) => !documented(presetOf(s)?.facts, 'pkce')).flatMap(pkceChecks)
    expect(guessed).toEqual([])
  })

  it('checks the scopes, not their separator, where the documentation does not state it', () => {
    const guessed = SPECS.filter(
      (s) => /[ ,]/.test(s.authorizeParams?.scope ?? '') && !documented(presetOf(s)?.facts, 'scopeSeparator'),
    )
    expect(guessed.map((s) => `${s.name}: ${s.authorizeParams?.scope}`)).toEqual([])
  })
})
