import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { LightAbort } from '../../src/protocol/light-abort.js'

describe('LightAbort', () => {
  it('aborts once: the first reason stays, listeners hear it once', () => {
    const abort = new LightAbort()
    let heard = 0
    abort.on('abort', () => heard++)
    abort.abort('first')
    abort.abort('second')
    expect(abort.aborted).toBe(true)
    expect(abort.reason).toBe('first')
    expect(heard).toBe(1)
  })

  it('ends an undici request that hangs, with its reason, as an AbortSignal would', async () => {
    const server = createServer(() => {}) // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const abort = new LightAbort()
      const reason = new Error('deadline')
      const pending = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
        signal: abort,
      })
      setTimeout(() => abort.abort(reason), 20)
      await expect(pending).rejects.toBe(reason)
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })
})
