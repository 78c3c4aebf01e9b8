/**
 * Configuration from the environment is read in one module (`src/env.ts`): a second reader of
 * `process.env` would be a second set of names, defaults and precedence rules to keep in step.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Lines of code (not comments) that name `process.env`. */
function readers(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, index) => ({ line, at: `${file}:${index + 1}` }))
    .filter(({ line }) => /process\.env\b/.test(line) && !/^\s*(\*|\/\/|\/\*)/.test(line))
    .map(({ at }) => at)
}

describe('configuration from the environment', () => {
  it('is read from process.env in src/env.ts only', () => {
    const files = sourceFiles('src')
    expect(files.length).toBeGreaterThan(50)
    expect(readers('src/env.ts').length).toBeGreaterThan(0)
    const elsewhere = files.filter((f) => f !== join('src', 'env.ts')).flatMap(readers)
    expect(elsewhere).toEqual([])
  })
})
