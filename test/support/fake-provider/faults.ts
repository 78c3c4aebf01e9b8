/**
 * The ways a fake provider's endpoint can misbehave at the HTTP level, shared so every fake offers the
 * same knobs: any status, headers and raw body (slowly), no answer, a stalled body, a reset connection,
 * a redirect, a huge body.
 */
import { once } from 'node:events'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { delay } from './server.js'

/** How an endpoint misbehaves instead of answering as the specification says. */
export type Misbehaviour =
  | {
      kind: 'raw'
      status: number
      headers?: Record<string, string>
      body?: string | Buffer
      delayMs?: number
    }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Sends headers, part of a JSON body, then nothing more. */
  | { kind: 'stall-body' }
  /** Resets the TCP connection as soon as the request arrives. */
  | { kind: 'reset' }
  /** A redirect to `location` (default: the provider's `/elsewhere`, which records if followed). */
  | { kind: 'redirect'; status?: number; location?: string }
  /** A JSON-looking body of `bytes` bytes, with or without a Content-Length. */
  | { kind: 'huge'; bytes: number; declareLength: boolean }

/** Answers `req` the way `answer` says; `origin` is the provider's, for the default redirect target. */
export async function misbehave(
  answer: Misbehaviour,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
): Promise<void> {
  switch (answer.kind) {
    case 'hang':
      return // the connection stays open until the client gives up or the server closes
    case 'stall-body':
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"access_token":"at-never-')
      return
    case 'reset':
      req.socket.resetAndDestroy()
      return
    case 'redirect':
      res.writeHead(answer.status ?? 302, { location: answer.location ?? `${origin}/elsewhere` })
      res.end()
      return
    case 'huge': {
      const chunk = Buffer.alloc(64 * 1024, 'a')
      res.writeHead(200, {
        'content-type': 'application/json',
        ...(answer.declareLength && { 'content-length': String(answer.bytes) }),
      })
      let left = answer.bytes
      while (left > 0) {
        const part = chunk.subarray(0, Math.min(left, chunk.length))
        left -= part.length
        if (!res.write(part)) await once(res, 'drain').catch(() => {})
        if (res.destroyed) return
      }
      res.end()
      return
    }
    case 'raw':
      await delay(answer.delayMs)
      res.writeHead(answer.status, answer.headers ?? {})
      res.end(answer.body ?? '')
      return
  }
}
