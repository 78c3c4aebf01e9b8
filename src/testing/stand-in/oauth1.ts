/**
 * The OAuth 1.0a endpoints of a stand-in: temporary credentials, authorization, token credentials, a
 * signed-request check for the API, and revocation where the preset has it. Every request's signature
 * is verified with the consumer's (and token's) secrets, or with the consumer's RSA public key.
 *
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-2)
 */
import { createHmac, timingSafeEqual, verify } from 'node:crypto'
import { parseForm, signatureBaseString } from '../../protocol/oauth1/index.js'
import { approvalPage, DECISION_PARAM, USER_PARAM } from './authorize-page.js'
import { type IncomingCall, redirect, type StandInContext } from './context.js'
import type { OAuth1Shape } from './shape.js'

type Ctx = StandInContext<OAuth1Shape>

/** The stand-in's OAuth 1.0a endpoint paths. */
export const OAUTH1_PATHS = {
  requestToken: '/oauth/request_token',
  authorize: '/oauth/authorize',
  accessToken: '/oauth/access_token',
  revoke: '/oauth/revoke',
} as const

interface TemporaryCredentials {
  secret: string
  callback: string
  user?: string
  verifier?: string
}

/** The OAuth 1.0a provider state of one stand-in. */
export class OAuth1Endpoints {
  readonly #ctx: Ctx
  readonly #rsaPublicKey: string | undefined
  readonly #temporary = new Map<string, TemporaryCredentials>()
  readonly #tokens = new Map<string, { secret: string; user: string }>()
  readonly #nonces = new Set<string>()

  constructor(ctx: Ctx, rsaPublicKey: string | undefined) {
    this.#ctx = ctx
    this.#rsaPublicKey = rsaPublicKey
  }

  /** The protocol parameters and all signed parameters of a request. */
  #params(call: IncomingCall): { oauth: Map<string, string>; signed: [string, string][] } {
    const signed: [string, string][] = []
    const header = call.headers.get('authorization') ?? ''
    if (/^OAuth /i.test(header)) {
      for (const match of header.slice(6).matchAll(/([\w-]+)="([^"]*)"/g)) {
        if (match[1] !== 'realm') signed.push([decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)])
      }
    }
    for (const pair of parseForm(call.url.search.slice(1))) signed.push([pair[0], pair[1]])
    if ((call.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
      for (const pair of parseForm(call.body)) signed.push([pair[0], pair[1]])
    }
    const oauth = new Map(signed.filter(([key]) => key.startsWith('oauth_')))
    return { oauth, signed: signed.filter(([key]) => key !== 'oauth_signature') }
  }

  /** Why a signed request is refused, or undefined when its signature holds. */
  #problem(call: IncomingCall, tokenSecret: string | undefined): string | undefined {
    const { oauth, signed } = this.#params(call)
    if (oauth.get('oauth_consumer_key') !== this.#ctx.clientId) return 'consumer_key_unknown'
    const method = oauth.get('oauth_signature_method')
    if (method !== this.#ctx.shape.signatureMethod) return 'signature_method_rejected'
    const nonce = `${oauth.get('oauth_timestamp')}:${oauth.get('oauth_nonce')}`
    if (this.#nonces.has(nonce)) return 'nonce_used'
    const base = signatureBaseString(call.method, new URL(`${call.url.origin}${call.url.pathname}`), signed)
    const given = oauth.get('oauth_signature') ?? ''
    const key = `${encodeURIComponent(this.#ctx.clientSecret)}&${encodeURIComponent(tokenSecret ?? '')}`
    let valid: boolean
    if (method === 'RSA-SHA1') {
      if (!this.#rsaPublicKey) return 'signature_invalid'
      valid = verify('sha1', Buffer.from(base), this.#rsaPublicKey, Buffer.from(given, 'base64'))
    } else {
      const expected =
        method === 'PLAINTEXT'
          ? key
          : createHmac(method === 'HMAC-SHA256' ? 'sha256' : 'sha1', key)
              .update(base)
              .digest('base64')
      // Byte lengths: a signature as long as the expected one in characters but not in bytes must be
      // refused, not make timingSafeEqual throw.
      const a = Buffer.from(expected)
      const b = Buffer.from(given)
      valid = a.length === b.length && timingSafeEqual(a, b)
    }
    if (!valid) return 'signature_invalid'
    this.#nonces.add(nonce)
    return undefined
  }

  #refuse(
    call: IncomingCall,
    kind: 'request_token' | 'access_token' | 'api' | 'revoke',
    problem: string,
  ): Response {
    this.#ctx.record({ kind, method: call.method, path: call.url.pathname, status: 401, problem })
    return new Response(`oauth_problem=${problem}`, {
      status: 401,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  }

  /** POST /oauth/request_token. */
  requestToken(call: IncomingCall): Response {
    const problem = this.#problem(call, undefined)
    if (problem) return this.#refuse(call, 'request_token', problem)
    const callback = this.#params(call).oauth.get('oauth_callback') ?? ''
    if (!URL.canParse(callback)) return this.#refuse(call, 'request_token', 'parameter_absent')
    const token = this.#ctx.book.mint('oauth_token')
    const secret = this.#ctx.book.mint('oauth_token_secret')
    this.#temporary.set(token, { secret, callback })
    this.#ctx.record({ kind: 'request_token', method: call.method, path: call.url.pathname, status: 200 })
    return form({ oauth_token: token, oauth_token_secret: secret, oauth_callback_confirmed: 'true' })
  }

  /** GET /oauth/authorize: the approval page, or (with `stand_in_user`) back to the app's callback. */
  authorize(call: IncomingCall): Response {
    const token = call.url.searchParams.get('oauth_token') ?? ''
    const pending = this.#temporary.get(token)
    if (!pending) {
      this.#ctx.record({
        kind: 'authorize',
        method: call.method,
        path: call.url.pathname,
        status: 400,
        problem: 'token_rejected',
      })
      return new Response('Unknown request token.', { status: 400 })
    }
    const login = call.url.searchParams.get(USER_PARAM)
    if (!login) return approvalPage(call.url, this.#ctx.presetId ?? 'oauth1', this.#ctx.users.logins())
    const back = new URL(pending.callback)
    if (call.url.searchParams.get(DECISION_PARAM) === 'deny' || this.#ctx.behaviour().deny) {
      // No standard denial in RFC 5849; Twitter-style providers send `denied=<token>`.
      this.#temporary.delete(token)
      back.searchParams.set('denied', token)
    } else {
      pending.user = this.#ctx.users.get(login).login
      pending.verifier = this.#ctx.book.mint('verifier')
      back.searchParams.set('oauth_token', token)
      back.searchParams.set('oauth_verifier', pending.verifier)
    }
    this.#ctx.record({
      kind: 'authorize',
      method: call.method,
      path: call.url.pathname,
      status: 302,
      user: login,
    })
    return redirect(back)
  }

  /** POST /oauth/access_token. */
  accessToken(call: IncomingCall): Response {
    const { oauth } = this.#params(call)
    const token = oauth.get('oauth_token') ?? ''
    const pending = this.#temporary.get(token)
    if (!pending?.verifier || !pending.user) return this.#refuse(call, 'access_token', 'token_rejected')
    const problem = this.#problem(call, pending.secret)
    if (problem) return this.#refuse(call, 'access_token', problem)
    if (oauth.get('oauth_verifier') !== pending.verifier)
      return this.#refuse(call, 'access_token', 'verifier_invalid')
    if (this.#ctx.behaviour().tokenError) return this.#refuse(call, 'access_token', 'permission_denied')
    this.#temporary.delete(token)
    const access = this.#ctx.book.mint('oauth_token')
    const secret = this.#ctx.book.mint('oauth_token_secret')
    this.#tokens.set(access, { secret, user: pending.user })
    this.#ctx.record({
      kind: 'access_token',
      method: call.method,
      path: call.url.pathname,
      status: 200,
      user: pending.user,
    })
    return form({
      oauth_token: access,
      oauth_token_secret: secret,
      user_id: this.#ctx.users.get(pending.user).sub,
    })
  }

  /** The user of a signed API call, or undefined when its token or signature does not hold. */
  userOf(call: IncomingCall): string | undefined {
    const token = this.#params(call).oauth.get('oauth_token') ?? ''
    const known = this.#tokens.get(token)
    if (!known) return undefined
    return this.#problem(call, known.secret) ? undefined : known.user
  }

  /** POST /oauth/revoke: a signed request that ends its token. */
  revoke(call: IncomingCall): Response {
    const token = this.#params(call).oauth.get('oauth_token') ?? ''
    const known = this.#tokens.get(token)
    if (!known) return this.#refuse(call, 'revoke', 'token_rejected')
    const problem = this.#problem(call, known.secret)
    if (problem) return this.#refuse(call, 'revoke', problem)
    this.#tokens.delete(token)
    this.#ctx.record({
      kind: 'revoke',
      method: call.method,
      path: call.url.pathname,
      status: 200,
      user: known.user,
    })
    return new Response(null, { status: 200 })
  }

  /** Ends every token (of one user). */
  expireAll(user?: string): void {
    for (const [key, value] of this.#tokens)
      if (user === undefined || value.user === user) this.#tokens.delete(key)
  }
}

function form(values: Record<string, string>): Response {
  return new Response(new URLSearchParams(values).toString(), {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })
}
