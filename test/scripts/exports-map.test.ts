/**
 * package.json `exports` and tsconfig.json `paths` are generated from src/ by scripts/exports.ts;
 * this fails when either is stale, and checks what the generated map publishes.
 */
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  entries,
  generated,
  isPresetSubpath,
  MAX_OTHER_SPECIFIERS,
  presetIds,
  sourceEntries,
} from '../../scripts/exports.js'
import { presets } from '../../src/providers/index.js'

const root = new URL('../../', import.meta.url)
const packageJson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))

describe('generated entry points', () => {
  it.each(generated(root).map((file) => [file.path, file] as const))(
    '%s is up to date (run npx tsx scripts/exports.ts)',
    (_path, file) => {
      expect(file.stale).toBe(false)
    },
  )

  it(`lists at most ${MAX_OTHER_SPECIFIERS} specifiers besides one per preset, none with a wildcard`, () => {
    const keys = Object.keys(packageJson.exports)
    const others = keys.filter((key) => !isPresetSubpath(key))
    expect(others.length).toBeLessThanOrEqual(MAX_OTHER_SPECIFIERS)
    expect(keys.length - others.length).toBe(presets.length)
    expect(keys.filter((key) => key.includes('*'))).toEqual([])
  })

  it('publishes one ./providers/<id> per preset of the catalog, and no other provider module', () => {
    expect(presetIds(root)).toEqual(presets.map((p) => p.id).sort())
    const providerKeys = Object.keys(packageJson.exports).filter((key) => key.startsWith('./providers/'))
    expect(providerKeys.sort()).toEqual(presets.map((p) => `./providers/${p.id}`).sort())
  })

  it('points every entry at a source file that exists', () => {
    const missing = entries(root).filter((entry) => !existsSync(new URL(entry.source, root)))
    expect(missing).toEqual([])
  })

  it('maps package.json back to the same source files the generator started from', () => {
    expect(sourceEntries(packageJson).map((e) => e.source)).toEqual(entries(root).map((e) => e.source))
  })

  it('resolves oauth-dance/providers/<id> and no longer oauth-dance/contrib/<id>', async () => {
    const published = 'oauth-dance/providers/github'
    const dropped = 'oauth-dance/contrib/github'
    const module = (await import(/* @vite-ignore */ published)) as Record<string, unknown>
    expect(module.makeGithubBlueprint).toBeTypeOf('function')
    await expect(import(/* @vite-ignore */ dropped)).rejects.toThrow()
  })
})
