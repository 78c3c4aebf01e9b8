/**
 * The back channel is chosen per runtime through package.json `imports` (`#back-channel`): Node takes
 * undici's lean `request` (the callback's hot path, bench/back-channel.ts), every other runtime the
 * global `fetch`. This checks Node's own resolver against the real package.json, and that on Node a
 * default transport never touches the global `fetch`.
 */
import { execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { NON_NODE_CONDITIONS } from '../../scripts/exports.js'
import { makeTransport } from '../../src/protocol/http.js'
import { backChannelFetch as webFetch } from '../../src/protocol/web-transport.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

describe("package.json imports['#back-channel'] under Node's resolver", () => {
  // A copy of package.json beside stand-in dist files, so the check needs no build.
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'back-channel-'))
    cpSync(join(root, 'package.json'), join(dir, 'package.json'))
    mkdirSync(join(dir, 'dist/protocol'), { recursive: true })
    writeFileSync(join(dir, 'dist/protocol/node-transport.js'), "export const chosen = 'node'\n")
    writeFileSync(join(dir, 'dist/protocol/web-transport.js'), "export const chosen = 'web'\n")
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const chosen = (conditions: string[]): string =>
    execFileSync(
      process.execPath,
      [
        ...conditions.flatMap((c) => ['-C', c]),
        '--input-type=module',
        '-e',
        "const { chosen } = await import('#back-channel'); process.stdout.write(chosen)",
      ],
      { cwd: dir, encoding: 'utf8' },
    )

  it('is undici (node-transport) for Node', () => {
    expect(chosen([])).toBe('node')
  })

  it.each(NON_NODE_CONDITIONS.map((c) => [c]))('is the global fetch (web-transport) for %s', (condition) => {
    expect(chosen([condition])).toBe('web')
  })
})

describe('the default transport on Node', () => {
  let server: ReturnType<typeof createServer>
  let origin: string
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('pong'))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => server.close())

  it('sends through undici, not the global fetch', async () => {
    const spy = vi.spyOn(globalThis, 'fetch')
    try {
      const response = await makeTransport()(`${origin}/ping`, { method: 'POST', body: 'a=1' })
      expect(await response.text()).toBe('pong')
      expect(spy).not.toHaveBeenCalled()
    } finally {
      spy.mockRestore()
    }
  })

  it('other runtimes decline every request, so the global fetch answers', () => {
    const limits = { timeoutMs: 1000, maxResponseBytes: 1024 }
    expect(webFetch(`${origin}/ping`, { method: 'GET' }, limits, 'local')).toBeUndefined()
  })
})
