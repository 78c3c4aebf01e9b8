import type { KeyObject } from 'node:crypto'
/**
 * What every handler of a stand-in shares: the provider's shape, the client it accepts, its users and
 * tokens, the current behaviour, and the event log.
 */
import type { ProviderShape } from './shape.js'
import type { TokenBook } from './token-book.js'
import type { StandInApiRoute, StandInBehaviour, StandInEvent } from './types.js'
import type { UserDirectory } from './users.js'

/** A request as the stand-in's handlers see it: a parsed URL, headers and the whole body. */
export interface IncomingCall {
  readonly method: string
  readonly url: URL
  readonly headers: Headers
  readonly body: string
}

/** The state a stand-in's handlers share. */
export interface StandInContext<S extends ProviderShape = ProviderShape> {
  readonly presetId: string | undefined
  readonly shape: S
  readonly origin: string
  readonly clientId: string
  readonly clientSecret: string
  /** Checks a signed client secret (Apple), when the shape has one. */
  readonly clientSecretKey?: KeyObject
  readonly users: UserDirectory
  readonly book: TokenBook
  readonly routes: ReadonlyMap<string, StandInApiRoute>
  behaviour(): Readonly<StandInBehaviour>
  record(event: StandInEvent): void
}

/** A JSON answer that no cache keeps (RFC 6749 §5.1). */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  })
}

/** A redirect. */
export function redirect(location: URL | string): Response {
  return new Response(null, { status: 302, headers: { location: String(location) } })
}
