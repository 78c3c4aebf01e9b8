/**
 * The recorder must never write a secret, whatever shape the provider's token answer takes. Two
 * answers a real client reads without trouble but that the scrubber once failed to see as structured:
 * JSON led by a byte order mark (fetch's `json()` strips it) and a form-encoded answer ending in a
 * newline (Deezer-style, read through the `formEncodedTokenResponse: 'any-type'` quirk). Both came from
 * a real HTTP server on 127.0.0.1; the written file must not hold the tokens.
 */
import { readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeTokenResponse } from '../../src/protocol/oauth2/quirks.js'
import { apiRecording } from '../../src/testing/index.js'

const ACCESS = 'at-7f3c9e21b54d4a0f8e6b1c2d3e4f5a6b'
const REFRESH = 'rt-0a1b2c3d4e5f60718293a4b5c6d7e8f9'
const WEBHOOK = 'https://hooks.slack.com/services/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'

/** Answers by path: each a token answer in a shape a provider may really send. */
const ANSWERS: Record<string, { type: string; body: string }> = {
  '/bom': {
    type: 'application/json',
    body: `\uFEFF${JSON.stringify({ access_token: ACCESS, refresh_token: REFRESH, token_type: 'bearer' })}`,
  },
  // Latin-1 text: not UTF-8, yet fetch's `json()` decodes it (with a replacement character).
  '/latin1': {
    type: 'application/json; charset=iso-8859-1',
    body: JSON.stringify({ access_token: ACCESS, token_type: 'bearer', name: 'Jos\u00e9' }),
  },
  // Slack's OAuth v2 answer with the incoming-webhook scope: the webhook URL posts to the channel.
  '/slack': {
    type: 'application/json; charset=utf-8',
    body: JSON.stringify({
      ok: true,
      access_token: ACCESS,
      token_type: 'bot',
      incoming_webhook: {
        channel: '#general',
        configuration_url: 'https://team.slack.com/services/B0123456',
        url: WEBHOOK,
      },
    }),
  },
  '/newline': { type: 'text/html; charset=utf-8', body: `access_token=${ACCESS}&expires=3600\n` },
}

/** Bytes that are not UTF-8, every byte value once. */
const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i))

let server: Server
let origin: string
const files: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = ANSWERS[req.url ?? ''] ?? { type: 'text/plain', body: 'not found' }
    if (req.url === '/binary') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      res.end(BINARY)
      return
    }
    res.writeHead(200, { 'content-type': answer.type })
    res.end(Buffer.from(answer.body, answer.type.includes('8859-1') ? 'latin1' : 'utf8'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await Promise.all(files.map((file) => rm(file, { force: true })))
})

/** Records one token request to `path` and returns the answer the app got and the written file. */
async function record(path: string): Promise<{ answer: Response; file: string }> {
  const file = join(tmpdir(), `oauth-dance-redteam-${process.pid}-${path.slice(1)}.json`)
  files.push(file)
  const tape = apiRecording({ file, mode: 'record' })
  const answer = await tape.fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: 'code-1234567890' }),
  })
  await tape.save()
  return { answer, file: await readFile(file, 'utf8') }
}

describe('the recorder and token answers in unusual shapes', () => {
  it('scrubs a JSON token answer that starts with a byte order mark', async () => {
    const { answer, file } = await record('/bom')
    // The app reads the tokens: the answer is a working token answer.
    expect(((await answer.json()) as { access_token: string }).access_token).toBe(ACCESS)
    expect(file).not.toContain(ACCESS)
    expect(file).not.toContain(REFRESH)
    expect(file).toContain('SCRUBBED_ACCESS_TOKEN_1')
  })

  it('scrubs a token answer that is not UTF-8, and replays its bytes', async () => {
    const { answer, file } = await record('/latin1')
    expect(((await answer.json()) as { access_token: string }).access_token).toBe(ACCESS)
    const written = JSON.parse(file) as { calls: Array<{ response: { base64?: string } }> }
    const bytes = Buffer.from(written.calls[0]?.response.base64 ?? '', 'base64').toString('latin1')
    expect(`${file}\n${bytes}`).not.toContain(ACCESS)
    expect(bytes).toContain('SCRUBBED_ACCESS_TOKEN_1')
    expect(bytes).toContain('Jos\u00e9')
  })

  it('replays a body that is not UTF-8 byte for byte', async () => {
    const file = join(tmpdir(), `oauth-dance-redteam-${process.pid}-binary.json`)
    files.push(file)
    const recording = apiRecording({ file, mode: 'record' })
    const recorded = new Uint8Array(await (await recording.fetch(`${origin}/binary`)).arrayBuffer())
    await recording.save()
    const replay = apiRecording({ file, mode: 'replay' })
    const replayed = new Uint8Array(await (await replay.fetch(`${origin}/binary`)).arrayBuffer())
    await replay.save()
    expect(Buffer.from(recorded).equals(BINARY)).toBe(true)
    expect(Buffer.from(replayed).equals(BINARY)).toBe(true)
  })

  it("scrubs the incoming webhook URL of Slack's token answer", async () => {
    const { answer, file } = await record('/slack')
    expect(await answer.json()).toMatchObject({ incoming_webhook: { url: WEBHOOK } })
    expect(file).not.toContain(ACCESS)
    expect(file).not.toContain(WEBHOOK)
    expect(file).not.toContain('Zx9Kq2Lm7Np4Rs8Tv1Wy3Ab5')
  })

  it('scrubs a form-encoded token answer that ends with a newline', async () => {
    const { answer, file } = await record('/newline')
    const read = await normalizeTokenResponse(answer, {
      formEncodedTokenResponse: 'any-type',
      expiresInMember: 'expires',
    })
    expect(await read.json()).toMatchObject({ access_token: ACCESS, expires_in: 3600 })
    expect(file).not.toContain(ACCESS)
    expect(file).toContain('SCRUBBED_ACCESS_TOKEN_1')
  })
})
