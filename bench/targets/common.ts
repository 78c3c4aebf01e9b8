/**
 * What every benchmark target shares: the stand-in provider's address, the token the API scenario
 * seeds, the code exchange of the hand-written targets, and a storage wrapper that counts reads so the
 * report can show reads per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import * as oauth from 'oauth4webapi'
import type { StorageContext, TokenKey, TokenStorage } from '../../src/storage/types.js'
import type { Token } from '../../src/token.js'

/** The environment a target is built in. */
export interface Bench {
  /** Origin of the stand-in provider (token endpoint `/token`, API `/api/user`). */
  provider: string
  /** This target's own origin (the public URL its blueprints build callback URLs on). */
  origin: string
  /** The token the API scenario stores before measuring (a fixed bench string, not a secret). */
  token: Token
}

/** A built target: a Node request listener and the path of its login route. */
export interface Target {
  handler: (req: IncomingMessage, res: ServerResponse) => void
  login: string
  /** Runs before the first request (Fastify's `ready`). */
  ready?: () => Promise<void>
}

/**
 * The code exchange of every hand-written target, through oauth4webapi: the callback's parameters
 * checked against the state, the code exchanged with the verifier, the answer validated. `send`
 * replaces `fetch` (the controls send over undici's `request`).
 */
export function oauth4webapiExchange(
  bench: Bench,
  send?: (url: string, init: RequestInit) => Promise<Response>,
) {
  const as: oauth.AuthorizationServer = { issuer: bench.provider, token_endpoint: `${bench.provider}/token` }
  const client: oauth.Client = { client_id: 'bench-client' }
  const auth = oauth.ClientSecretBasic('bench-client-secret')
  const options = { [oauth.allowInsecureRequests]: true, ...(send && { [oauth.customFetch]: send }) }
  return async (query: URLSearchParams, state: string, verifier: string, redirectUri: string) => {
    const params = oauth.validateAuthResponse(as, client, query, state)
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      params,
      redirectUri,
      verifier,
      options,
    )
    return oauth.processAuthorizationCodeResponse(as, client, response)
  }
}

/** Counters a target reports at `GET /bench/stats`. */
export interface Stats {
  /** Reads through the storage the blueprint was given. */
  reads: number
  /** Reads that reached the storage behind a cache. */
  sourceReads: number
  /** API requests served. */
  api: number
}

/** Fresh counters. */
export function newStats(): Stats {
  return { reads: 0, sourceReads: 0, api: 0 }
}

/** Wraps a storage so each `get` increments `stats[field]`. */
export function counted(
  storage: TokenStorage,
  stats: Stats,
  field: 'reads' | 'sourceReads' = 'reads',
): TokenStorage {
  return {
    get: (key: TokenKey, context: StorageContext) => {
      stats[field]++
      return storage.get(key, context)
    },
    set: (key, token, context) => storage.set(key, token, context),
    delete: (key, context) => storage.delete(key, context),
    // The session's storage keeps visitors apart by itself; the wrapper must still say so.
    ...(storage.allowsAnonymous !== undefined && { allowsAnonymous: storage.allowsAnonymous }),
  }
}
