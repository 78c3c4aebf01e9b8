/**
 * The testing guide's Jest and node:test examples (examples/testing/) run in their own runners, each a
 * child process; the Vitest one runs in this suite (vitest.config.ts includes it). A run must exit 0
 * and report every test of its file passed, so a runner that finds no tests, or skips some, fails here.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** Runs `node <args>` at the repository root; resolves to its exit code and all it printed. */
function node(args: readonly string[]): Promise<{ code: number | null; output: string; ms: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, NO_COLOR: '1' } })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output, ms: Math.round(performance.now() - started) }))
  })
}

/** How many tests (`it(...)` calls) an example file holds: what its runner must report passed. */
function testsIn(file: string): number {
  return readFileSync(new URL(file, `file://${root}`), 'utf8').match(/^\s*it\(/gm)?.length ?? 0
}

describe('the testing guide examples in their own runners', () => {
  it('node:test runs examples/testing/node.test.ts and every test passes', async () => {
    const expected = testsIn('examples/testing/node.test.ts')
    expect(expected).toBeGreaterThan(0)
    const run = await node([
      '--import',
      'tsx',
      '--test',
      '--test-reporter=tap',
      'examples/testing/node.test.ts',
    ])
    expect(run.code, run.output).toBe(0)
    expect(/^# pass (\d+)$/m.exec(run.output)?.[1], run.output).toBe(String(expected))
    expect(/^# tests (\d+)$/m.exec(run.output)?.[1], run.output).toBe(String(expected))
  }, 60_000)

  it('Jest (ESM mode) runs examples/testing/jest.test.ts and every test passes', async () => {
    const expected = testsIn('examples/testing/jest.test.ts')
    expect(expected).toBeGreaterThan(0)
    const run = await node([
      '--experimental-vm-modules',
      'node_modules/jest/bin/jest.js',
      '--config',
      'examples/testing/jest/jest.config.js',
      '--ci',
    ])
    expect(run.code, run.output).toBe(0)
    const summary = /^Tests:\s+(\d+) passed, (\d+) total$/m.exec(run.output)
    expect(summary?.slice(1), run.output).toEqual([String(expected), String(expected)])
  }, 60_000)
})
