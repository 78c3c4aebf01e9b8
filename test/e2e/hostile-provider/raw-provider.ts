/**
 * A provider written on raw TCP (`node:net`), so it can send bytes no HTTP server library would: every
 * back-channel endpoint the library calls (OAuth 2 token and revocation, OIDC discovery, JWKS, token and
 * UserInfo, OAuth 1.0a request-token and access-token, an API) answers correctly by default, and with
 * one armed {@link Fault} answers that endpoint with broken HTTP instead.
 */
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { type AddressInfo, createServer, type Socket } from 'node:net'
import { gzipSync } from 'node:zlib'
import { discoveryDocument, makeKey, signIdToken } from '../../support/fake-provider/oidc.js'
import { APP_MAX_RESPONSE_BYTES } from './limits.js'

/** The ways an answer can be broken. */
export const FAULTS = [
  'status-000',
  'status-099',
  'status-101',
  'status-101-upgrade',
  'status-199',
  'status-600',
  'status-999',
  'status-1000',
  'reason-control-bytes',
  'reason-high-bytes',
  'header-nul-byte',
  'header-space-in-name',
  'header-high-bytes',
  'header-bare-lf',
  'truncated-body',
  'truncated-chunked',
  'oversized-declared',
  'oversized-undeclared',
  'wrong-charset',
  'bad-gzip',
  'gzip-bomb',
  'reset',
  'slow-drip',
  'no-answer',
  'garbage',
] as const

/** One way an answer can be broken. */
export type Fault = (typeof FAULTS)[number]

/** A running raw provider. */
export interface RawProvider {
  readonly origin: string
  readonly clientId: string
  /** Arms a fault for requests whose path starts with `path`, until {@link RawProvider.disarm}. */
  arm(path: string, fault: Fault): void
  disarm(path: string): void
  /** Paths of the requests that met an armed fault. */
  readonly faulted: string[]
  /** Signs the next ID tokens with a new `kid`, so the app must re-fetch the JWKS. */
  rotateKid(): void
  close(): Promise<void>
}

const CAP = APP_MAX_RESPONSE_BYTES
// 64 MiB of zeros compress to about 64 KiB: over the cap on the wire only after decoding.
const BOMB = gzipSync(Buffer.alloc(64 * 1024 * 1024))

interface Parsed {
  method: string
  path: string
  body: string
}

/** Starts the provider on a free port of 127.0.0.1. */
export async function startRawProvider(): Promise<RawProvider> {
  const clientId = 'hostile-client'
  // One key pair; the kid is given per token and per published JWK, so the key itself has none.
  const key = await makeKey('RS256', undefined)
  let kid = random()
  // Every kid ever used stays published, so a rotation never fails a login signed just before it.
  const kids = [kid]
  const armed = new Map<string, Fault>()
  const faulted: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let buffered = Buffer.alloc(0)
    const onData = (data: Buffer) => {
      buffered = Buffer.concat([buffered, data])
      const parsed = parse(buffered)
      if (!parsed) return
      socket.off('data', onData)
      void answer(socket, parsed).catch(() => socket.destroy())
    }
    socket.on('data', onData)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const answer = async (socket: Socket, request: Parsed) => {
    for (const [path, fault] of armed) {
      if (!request.path.startsWith(path)) continue
      faulted.push(request.path)
      return hostile(socket, fault)
    }
    const [status, type, body, extra] = await conforming(request)
    socket.end(
      `HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Not OK'}\r\ncontent-type: ${type}\r\n${extra ? `${extra}\r\n` : ''}` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\ncache-control: no-store\r\n\r\n${body}`,
    )
  }

  const conforming = async (request: Parsed): Promise<[number, string, string, string?]> => {
    const json = (value: unknown): [number, string, string] => [
      200,
      'application/json',
      JSON.stringify(value),
    ]
    const form = new URLSearchParams(request.body)
    // `/<blueprint>/<endpoint>`: each blueprint of the app has its own endpoints, so faults armed for
    // one never meet another's requests. OpenID blueprints' names start with `oidc`.
    const [, prefix = '', ...rest] = (request.path.split('?')[0] ?? '').split('/')
    const issuer = `${origin}/${prefix}`
    const endpoint = `${prefix.startsWith('oidc') ? '/oidc' : ''}/${rest.join('/')}`
    switch (endpoint) {
      case '/token':
        return json({
          access_token: `at-${random()}`,
          token_type: 'Bearer',
          expires_in: 3600,
          refresh_token: `rt-${random()}`,
        })
      case '/revoke':
        return [200, 'text/plain', '']
      case '/api/me':
        return json({ user: 'someone' })
      case '/stale/me':
        return [401, 'application/json', '{}', 'www-authenticate: Bearer error="invalid_token"']
      case '/oidc/.well-known/openid-configuration':
        return json(
          discoveryDocument(
            issuer,
            issuer,
            { authorization: '/authorize', token: '/token', jwks: '/jwks', userinfo: '/userinfo' },
            { id_token_signing_alg_values_supported: ['RS256'], code_challenge_methods_supported: ['S256'] },
          ),
        )
      case '/oidc/jwks':
        return json({ keys: kids.map((one) => ({ ...key.jwk, kid: one })) })
      case '/oidc/token': {
        // The test encodes the login's nonce in the code it makes up: `code.<nonce>`.
        const nonce = (form.get('code') ?? '').split('.')[1]
        const now = Math.floor(Date.now() / 1000)
        const idToken = await signIdToken(
          { ...(nonce && { nonce }), iss: issuer, sub: 'subject-1', aud: clientId, iat: now, exp: now + 300 },
          { ...key, kid },
        )
        return json({
          access_token: `at-${random()}`,
          token_type: 'Bearer',
          expires_in: 3600,
          id_token: idToken,
        })
      }
      case '/oidc/userinfo':
        return json({ sub: 'subject-1' })
      case '/request_token':
        return [
          200,
          'application/x-www-form-urlencoded',
          `oauth_token=rq-${random()}&oauth_token_secret=s&oauth_callback_confirmed=true`,
        ]
      case '/access_token':
        return [200, 'application/x-www-form-urlencoded', `oauth_token=ac-${random()}&oauth_token_secret=s`]
      default:
        return [404, 'text/plain', 'not found']
    }
  }

  return {
    origin,
    clientId,
    faulted,
    arm: (path, fault) => {
      armed.set(path, fault)
    },
    disarm: (path) => {
      armed.delete(path)
    },
    rotateKid: () => {
      kid = random()
      kids.push(kid)
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Writes the broken answer `fault` names. */
async function hostile(socket: Socket, fault: Fault): Promise<void> {
  // `connection: close` on every answer: this provider reads one request per connection, and a socket
  // the client thought reusable would swallow another case's request.
  const head = (line: string, ...headers: string[]) =>
    `${line}\r\n${[...headers, 'connection: close'].map((h) => `${h}\r\n`).join('')}\r\n`
  const small = (line: string, ...headers: string[]) =>
    void socket.end(head(line, ...headers, 'content-type: application/json', 'content-length: 2') + '{}')
  const status = /^status-(\d+)$/.exec(fault)?.[1]
  if (status !== undefined) {
    // An interim answer is not followed by a final one: waiting for it would be waiting forever.
    if (status.startsWith('1') && status.length === 3)
      return void socket.write(head(`HTTP/1.1 ${status} Interim`))
    return small(`HTTP/1.1 ${status} Whatever`)
  }
  switch (fault) {
    case 'status-101-upgrade':
      return void socket.write(
        head('HTTP/1.1 101 Switching Protocols', 'connection: upgrade', 'upgrade: websocket'),
      )
    case 'reason-control-bytes':
      return small('HTTP/1.1 500 Bad\x01\x7fReason')
    case 'reason-high-bytes':
      return void socket.end(
        Buffer.concat([
          Buffer.from('HTTP/1.1 500 '),
          Buffer.from([0xff, 0xc3, 0x28]),
          Buffer.from('\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}'),
        ]),
      )
    case 'header-nul-byte':
      return small('HTTP/1.1 500 Error', 'x-evil: a\x00b')
    case 'header-space-in-name':
      return small('HTTP/1.1 500 Error', 'x evil: a')
    case 'header-high-bytes':
      return void socket.end(
        Buffer.concat([
          Buffer.from('HTTP/1.1 500 Error\r\nx-evil: '),
          Buffer.from([0xff, 0xfe, 0x80]),
          Buffer.from('\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}'),
        ]),
      )
    case 'header-bare-lf':
      return void socket.end('HTTP/1.1 500 Error\nx-evil: a\nconnection: close\ncontent-length: 2\n\n{}')
    case 'truncated-body':
      return void socket.end(
        head('HTTP/1.1 200 OK', 'content-type: application/json', 'content-length: 100') + '{"access_token":',
      )
    case 'truncated-chunked':
      return void socket.end(
        head('HTTP/1.1 200 OK', 'content-type: application/json', 'transfer-encoding: chunked') +
          '40\r\n{"access_token":',
      )
    case 'oversized-declared':
      return void socket.end(
        head('HTTP/1.1 200 OK', 'content-type: application/json', `content-length: ${CAP * 4}`) +
          '['.repeat(CAP * 4),
      )
    case 'oversized-undeclared':
      socket.write(head('HTTP/1.1 200 OK', 'content-type: application/json'))
      return void socket.end('['.repeat(CAP * 4))
    case 'wrong-charset':
      return void socket.end(
        Buffer.concat([
          Buffer.from(
            head(
              'HTTP/1.1 400 Bad Request',
              'content-type: application/json; charset=utf-16',
              'content-length: 6',
            ),
          ),
          Buffer.from([0xff, 0xfe, 0x7b, 0xd8, 0x00, 0xdc]),
        ]),
      )
    case 'bad-gzip':
      return small('HTTP/1.1 200 OK', 'content-encoding: gzip')
    case 'gzip-bomb':
      socket.write(
        head(
          'HTTP/1.1 200 OK',
          'content-type: application/json',
          'content-encoding: gzip',
          `content-length: ${BOMB.length}`,
        ),
      )
      return void socket.end(BOMB)
    case 'reset':
      return void socket.resetAndDestroy()
    case 'slow-drip': {
      socket.write(head('HTTP/1.1 200 OK', 'content-type: application/json', 'content-length: 1000'))
      for (let i = 0; i < 100 && !socket.destroyed; i++) {
        socket.write(' ')
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      return void socket.destroy()
    }
    case 'no-answer':
      return // the socket stays open until the client gives up (or the provider closes)
    case 'garbage':
      return void socket.end(randomBytes(512))
    default:
      return void socket.destroy()
  }
}

/** The request's line and body, once all of it (by Content-Length) has arrived. */
function parse(buffer: Buffer): Parsed | undefined {
  const end = buffer.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const head = buffer.subarray(0, end).toString('latin1')
  const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0)
  if (buffer.length < end + 4 + length) return undefined
  const [method = '', path = ''] = head.split('\r\n')[0]!.split(' ')
  return { method, path, body: buffer.subarray(end + 4, end + 4 + length).toString('utf8') }
}

function random(): string {
  return randomBytes(9).toString('base64url')
}
