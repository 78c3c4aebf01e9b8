/**
 * Every preset accounts for each fact it states about its provider: a documentation page and the day
 * it was read, or a place in the preset's list of what the documentation leaves unsaid. Nothing is
 * both, nothing is neither, and no date lies in the future.
 */
import { describe, expect, it } from 'vitest'
import type { PresetFactName } from '../../src/providers/facts.js'
import { type AnyPreset, presets } from '../../src/providers/index.js'

/** The facts every preset must account for, whatever its protocol. */
const REQUIRED: Readonly<Record<AnyPreset['protocol'], readonly PresetFactName[]>> = {
  oauth2: ['endpoints', 'clientAuth', 'pkce', 'scopeSeparator', 'refresh', 'revocation', 'apiAuth'],
  oidc: ['endpoints', 'clientAuth', 'pkce', 'refresh', 'revocation'],
  oauth1: ['endpoints', 'apiAuth', 'revocation'],
}

const today = new Date().toISOString().slice(0, 10)

describe.each(presets.filter((p) => p.facts).map((p) => [p.id, p] as const))(
  'preset %s facts',
  (_id, preset) => {
    const facts = preset.facts!
    const sourced = Object.keys(facts.sources) as PresetFactName[]
    const silent = facts.silent?.facts ?? []

    it('accounts for every required fact, each once', () => {
      const accounted = [...sourced, ...silent]
      expect(REQUIRED[preset.protocol].filter((f) => !accounted.includes(f))).toEqual([])
      expect(sourced.filter((f) => silent.includes(f))).toEqual([])
      expect(new Set(silent).size).toBe(silent.length)
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
  },
)

describe('fact coverage', () => {
  it('every preset states where its facts come from', () => {
    expect(presets.filter((p) => !p.facts).map((p) => p.id)).toEqual([])
  })
})
