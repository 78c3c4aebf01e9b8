/**
 * The one rule every adapter's guard answers by: which Accept headers count as wanting JSON. The
 * Express guard used to ask `req.accepts(['html', 'json'])`; the shared rule must answer as it did, so
 * each row is also put to a real Express app.
 */
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prefersJson } from '../../src/adapters/guard-rule.js'
import { type Listening, listen } from './apps.js'

/** Accept header → whether JSON wins over HTML. */
const rows: ReadonlyArray<readonly [string | undefined, boolean]> = [
  [undefined, false],
  ['*/*', false],
  ['text/html', false],
  ['application/json', true],
  ['application/json, text/plain, */*', true], // axios
  ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', false], // a browser
  ['application/json, text/html', true],
  ['text/html, application/json', false],
  ['text/html;q=0.5, application/json', true],
  ['application/json;q=0.5, text/html', false],
  ['application/*', true],
  ['text/*', false],
  ['application/json, */*;q=0.1', true],
  ['text/html;q=0, */*', true],
  ['application/json;q=0, */*', false],
  ['APPLICATION/JSON', true],
  ['image/png', false],
  ['application/json;q=0.5, text/html;q=0.5', true],
  ['*/*, application/json;q=0.5', false],
  ['text/plain', false],
  ['application/json;q=abc, text/html', false],
]

let server: Listening

beforeAll(async () => {
  const listening = await listen()
  server = listening
  const app = express()
  app.get('/', (req, res) => void res.json({ json: req.accepts(['html', 'json']) === 'json' }))
  listening.attach(app)
})

afterAll(async () => {
  await server?.close()
})

describe('prefersJson', () => {
  it.each(rows)('%j → %s, as Express negotiates it', async (accept, json) => {
    expect(prefersJson(accept)).toBe(json)
    const response = await fetch(server.origin, accept === undefined ? {} : { headers: { accept } })
    expect(await response.json()).toEqual({ json })
  })

  it('ignores media type parameters other than q (where Express would not match the type)', () => {
    expect(prefersJson('application/json; charset=utf-8')).toBe(true)
    expect(prefersJson('application/json; charset=utf-8, text/html;q=0.9')).toBe(true)
  })

  it('treats an empty header as no preference', () => {
    expect(prefersJson('')).toBe(false)
  })
})
