/**
 * An API answer's body that the app never reads must not hold the provider's connection forever: once
 * the Response is garbage, its stream is destroyed (as `fetch` does). And one that is read must not be
 * destroyed under the reader by that clean-up. The collector is driven by hand (`--expose-gc` turned on
 * at run time), so these run the way a long-lived app's process would, only sooner.
 */
import { once } from 'node:events'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiSender } from '../../src/protocol/node-api-send.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** A provider whose answers send headers and a first chunk, then stay open until closed from our side. */
const open = new Set<ServerResponse>()
const closed: string[] = []
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' })
  res.write('first chunk\n')
  open.add(res)
  res.on('close', () => {
    open.delete(res)
    closed.push(req.url ?? '')
  })
})
let origin = ''

beforeAll(async () => {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => {
  server.closeAllConnections()
  server.close()
})

const sender = apiSender()
const call = (path: string) =>
  sender.send(
    { url: new URL(path, origin), method: 'GET', headers: new Headers(), body: undefined },
    new AbortController().signal,
    1 << 20,
    'unread-test',
  )

/** Collects until `path`'s answer was closed by us, or gives up after `ms`. */
async function collectUntilClosed(path: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 20))
    if (closed.includes(path)) return true
  }
  return false
}

describe('an API answer the app never reads', () => {
  it('is let go once its Response is collected: the provider sees the connection close', async () => {
    // Dropped on the floor: nothing keeps the Response once the call has resolved.
    await call('/dropped').then((response) => expect(response.status).toBe(200))
    expect(await collectUntilClosed('/dropped', 5_000)).toBe(true)
  })

  it('is not closed while the Response is still held, nor once it is being read', async () => {
    const held = await call('/held')
    const reading = await call('/reading')
    const reader = reading.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toBe('first chunk\n')
    expect(await collectUntilClosed('/held', 300)).toBe(false)
    expect(closed).not.toContain('/reading')
    // The reader still gets what the provider sends next, then the end.
    for (const res of open) res.end('second chunk\n')
    const second = await reader.read()
    expect(new TextDecoder().decode(second.value)).toBe('second chunk\n')
    expect((await reader.read()).done).toBe(true)
    expect(await held.text()).toBe('first chunk\nsecond chunk\n')
  })
})
