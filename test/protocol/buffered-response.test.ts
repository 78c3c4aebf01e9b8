/**
 * The back channel's BufferedResponse must read like the standard Response over the same bytes: every
 * body reader gives the same value, a body reads once (a second read rejects), `body` and `bodyUsed`
 * tell the same story before and after a read, and `clone()` gives an independent copy.
 */
import { describe, expect, it } from 'vitest'
import { BufferedResponse } from '../../src/protocol/buffered-response.js'

const JSON_BODY = '\uFEFF{"access_token":"t","token_type":"bearer","name":"Zoë"}'
const bytes = () => new TextEncoder().encode(JSON_BODY)
const init = () => ({ status: 200, headers: new Headers({ 'content-type': 'application/json' }) })
const both = () => [new BufferedResponse(bytes(), init()), new Response(bytes(), init())] as const

type Reader = (r: Response) => Promise<unknown>
const readers: Array<[string, Reader]> = [
  ['text', (r) => r.text()],
  ['json', (r) => r.json()],
  ['arrayBuffer', async (r) => [...new Uint8Array(await r.arrayBuffer())]],
  ['bytes', async (r) => [...(await r.bytes())]],
  ['blob', async (r) => (await r.blob()).text()],
  ['body', async (r) => new Response(r.body).text()],
]

describe('BufferedResponse', () => {
  it('is a Response with the status and headers it was given', () => {
    const [buffered] = both()
    expect(buffered).toBeInstanceOf(Response)
    expect(buffered.status).toBe(200)
    expect(buffered.ok).toBe(true)
    expect(buffered.headers.get('content-type')).toBe('application/json')
    expect(buffered.byteLength).toBe(bytes().byteLength)
  })

  for (const [name, read] of readers) {
    it(`reads like a standard Response: ${name}, then a second read`, async () => {
      const [buffered, standard] = both()
      expect(buffered.bodyUsed).toBe(false)
      expect(await read(buffered)).toEqual(await read(standard))
      expect(buffered.bodyUsed).toBe(standard.bodyUsed)
      for (const [, again] of readers.filter(([n]) => n !== 'body')) {
        await expect(again(buffered)).rejects.toThrow(TypeError)
      }
      expect(buffered.body === null).toBe(standard.body === null)
      expect(() => buffered.clone()).toThrow(TypeError)
    })
  }

  it('reads a form body as FormData', async () => {
    const form = () => ({
      status: 200,
      headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }),
    })
    const body = () => new TextEncoder().encode('a=1&b=%C3%A9')
    const buffered = await new BufferedResponse(body(), form()).formData()
    expect([...buffered]).toEqual([...(await new Response(body(), form()).formData())])
  })

  it('clones into an independent copy', async () => {
    const [buffered] = both()
    const copy = buffered.clone()
    expect(await buffered.json()).toEqual(await copy.json())
    expect(copy.headers.get('content-type')).toBe('application/json')
  })

  it('does not hand out the memory behind its bytes', async () => {
    const pool = new Uint8Array(64).fill(7)
    const view = pool.subarray(8, 12)
    const buffer = await new BufferedResponse(view, init()).arrayBuffer()
    expect(buffer.byteLength).toBe(4)
    new Uint8Array(buffer).fill(0)
    expect(pool[8]).toBe(7)
  })

  it('has a null body for a null-body status, which reads as empty', async () => {
    const buffered = new BufferedResponse(null, { status: 204, headers: new Headers() })
    expect(buffered.body).toBeNull()
    expect(await buffered.text()).toBe('')
  })

  it('rejects a malformed JSON body with a SyntaxError, as a Response does', async () => {
    const bad = () => new TextEncoder().encode('{"a":')
    await expect(new BufferedResponse(bad(), init()).json()).rejects.toThrow(SyntaxError)
    await expect(new Response(bad(), init()).json()).rejects.toThrow(SyntaxError)
  })
})
