/**
 * The OAuth 1.0a protocol: temporary credentials (with `oauth_callback`, and
 * `oauth_callback_confirmed=true` required), the user's authorization, token credentials signed with
 * the temporary secret, and every API request signed. The temporary token is the callback key; its
 * secret stays in the login state the blueprint seals (never in a URL).
 *
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-2)
 */
import { timingSafeEqual } from 'node:crypto'
import { DanceError } from '../../errors.js'
import { markGrantOutcome } from '../../grant-outcome.js'
import { nowSeconds, type Token } from '../../token.js'
import type {
  CallbackState,
  LoginResult,
  LoginStart,
  OutgoingRequest,
  Protocol,
  ProtocolContext,
} from '../protocol.js'
import { oauth1SignerConfig } from './config.js'
import { type CredentialsStage, readCredentials } from './credentials.js'
import type { OAuth1Credentials, OAuth1Settings } from './settings.js'
import { type OAuth1SignerConfig, signRequest } from './sign-request.js'

const FORM = 'application/x-www-form-urlencoded'

/** The OAuth 1.0a protocol of one blueprint. */
export class OAuth1Protocol implements Protocol {
  readonly kind = 'oauth1' as const
  readonly postsCallback = false
  /** What this protocol was configured with. */
  readonly settings: OAuth1Settings
  readonly #context: ProtocolContext
  readonly #signer: OAuth1SignerConfig

  constructor(settings: OAuth1Settings, credentials: OAuth1Credentials, context: ProtocolContext) {
    this.settings = settings
    this.#context = context
    this.#signer = oauth1SignerConfig(settings, credentials, context.name, context.allowInsecureRequests)
  }

  /** The consumer key requests are signed with. */
  get consumerKey(): string {
    return this.#signer.consumerKey
  }

  /** The signature method requests are signed with. */
  get signatureMethod(): OAuth1SignerConfig['signatureMethod'] {
    return this.#signer.signatureMethod
  }

  async startLogin(redirectUri: string): Promise<LoginStart> {
    const answer = await this.#signedPost(
      this.settings.requestTokenUrl,
      this.settings.requestTokenParams ?? {},
      { extra: { oauth_callback: redirectUri } },
      'temporary credentials',
    )
    // §2.1: a 1.0a server MUST confirm the callback; without it the 2009 session-fixation hole is open.
    if (answer.getAll('oauth_callback_confirmed').join() !== 'true') {
      throw new DanceError(
        'oauth1_callback_not_confirmed',
        'The provider did not confirm the callback (oauth_callback_confirmed=true): it is not an OAuth 1.0a server.',
        { provider: this.#context.name },
      )
    }
    const key = answer.get('oauth_token')!
    const url = new URL(this.settings.authorizationUrl)
    for (const [name, value] of Object.entries(this.settings.authorizationParams ?? {})) {
      url.searchParams.set(name, value)
    }
    url.searchParams.set('oauth_token', key)
    return { authorizationUrl: url, state: { key, tokenSecret: answer.get('oauth_token_secret')! } }
  }

  callbackKey(params: URLSearchParams): string | undefined {
    // A refusal (Twitter's `denied=<temporary token>`) names the login too, so the error hook runs for
    // the right login and its cookie is cleared.
    const tokens = params.getAll('oauth_token')
    const candidates = tokens.length > 0 ? tokens : params.getAll('denied')
    return candidates.length === 1 && candidates[0] ? candidates[0] : undefined
  }

  async finishLogin(params: URLSearchParams, state: CallbackState): Promise<LoginResult> {
    const fields = { provider: this.#context.name }
    if (params.has('denied') || params.has('oauth_problem')) {
      throw new DanceError('access_denied', 'The authorization was denied at the provider.', {
        ...fields,
        providerError: params.get('oauth_problem') ?? 'denied',
      })
    }
    const returned = params.getAll('oauth_token')
    if (returned.length !== 1 || !sameString(returned[0]!, state.key)) {
      throw new DanceError(
        'oauth1_token_mismatch',
        'The callback names another temporary token than this login.',
        fields,
      )
    }
    const verifiers = params.getAll('oauth_verifier')
    if (verifiers.length !== 1 || !verifiers[0]) {
      throw new DanceError('oauth1_verifier_missing', 'The callback has no oauth_verifier.', fields)
    }
    if (typeof state.tokenSecret !== 'string') {
      throw new DanceError('transaction_invalid', 'The login transaction lost its temporary secret.', fields)
    }
    const answer = await this.#signedPost(
      this.settings.accessTokenUrl,
      {},
      { token: state.key, tokenSecret: state.tokenSecret, extra: { oauth_verifier: verifiers[0] } },
      'token credentials',
    )
    const token: Token = Object.fromEntries(answer)
    const expiresIn = Number(answer.get('oauth_expires_in'))
    if (answer.has('oauth_expires_in') && Number.isSafeInteger(expiresIn) && expiresIn > 0) {
      token.expires_at = nowSeconds() + expiresIn
    }
    return { token }
  }

  /**
   * Signs an API request with the token credentials: the query and a form body are signed, a JSON body
   * is not (RFC 5849 §3.4.1.3.1).
   */
  authorizeRequest(request: OutgoingRequest, token: Token): void {
    const { oauth_token: key, oauth_token_secret: secret } = token
    if (typeof key !== 'string' || key === '' || typeof secret !== 'string') {
      throw new DanceError(
        'api_unauthorized',
        `The stored ${this.#context.name} token has no OAuth 1.0a credentials.`,
        { provider: this.#context.name },
      )
    }
    this.#addDefaultHeaders(request.headers)
    signRequest(this.#signer, request, { token: key, tokenSecret: secret })
  }

  canRefresh(_token: Token): boolean {
    return false
  }

  refresh(_token: Token): Promise<Token> {
    const { name } = this.#context
    const error = new DanceError('refresh_failed', `${name} tokens cannot be refreshed.`, { provider: name })
    return Promise.reject(markGrantOutcome(error, 'not-sent'))
  }

  /**
   * Invalidates the token with a POST signed by the token itself, when the provider has such an
   * endpoint (`revocationUrl`); RFC 5849 defines none. Resolves false without one.
   */
  async revoke(token: Token): Promise<boolean> {
    const endpoint = this.settings.revocationUrl
    const { oauth_token: key, oauth_token_secret: secret } = token
    if (!endpoint || typeof key !== 'string' || typeof secret !== 'string') return false
    const request: OutgoingRequest = {
      method: 'POST',
      url: new URL(endpoint),
      headers: new Headers({ 'content-type': FORM }),
      body: '',
    }
    this.#addDefaultHeaders(request.headers)
    signRequest(this.#signer, request, { token: key, tokenSecret: secret })
    const response = await this.#context.transport(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body ?? null,
    })
    await response.body?.cancel().catch(() => {})
    if (response.ok) return true
    throw new DanceError(
      'revocation_failed',
      `The provider refused to invalidate the token (HTTP ${response.status}).`,
      {
        provider: this.#context.name,
      },
    )
  }

  idTokenClaims(): undefined {
    return undefined
  }

  userinfo(): Promise<undefined> {
    return Promise.resolve(undefined)
  }

  endSessionUrl(): Promise<undefined> {
    return Promise.resolve(undefined)
  }

  /** POSTs a signed form to a credentials endpoint through the transport and checks the answer. */
  async #signedPost(
    endpoint: string,
    form: Readonly<Record<string, string>>,
    options: { token?: string; tokenSecret?: string; extra: Record<string, string> },
    stage: CredentialsStage,
  ): Promise<URLSearchParams> {
    const request: OutgoingRequest = {
      method: 'POST',
      url: new URL(endpoint),
      headers: new Headers({ 'content-type': FORM, accept: `${FORM}, text/plain;q=0.9, */*;q=0.1` }),
      body: new URLSearchParams(form).toString(),
    }
    this.#addDefaultHeaders(request.headers)
    signRequest(this.#signer, request, options)
    const response = await this.#context.transport(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
    })
    return readCredentials(response, {
      provider: this.#context.name,
      stage,
      allowEmptySecret: this.#signer.signatureMethod === 'RSA-SHA1' || stage === 'temporary credentials',
    })
  }

  #addDefaultHeaders(headers: Headers): void {
    for (const [name, value] of Object.entries(this.settings.headers ?? {})) {
      if (!headers.has(name)) headers.set(name, value)
    }
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
