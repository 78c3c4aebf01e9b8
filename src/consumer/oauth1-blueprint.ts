/**
 * The OAuth 1.0a consumer blueprint: temporary credentials (with `oauth_callback`, and
 * `oauth_callback_confirmed=true` required), the user's authorization, token credentials signed with
 * the temporary secret, and every API request signed. The temporary token is the transaction handle
 * and its secret stays in the sealed, one-time, browser-bound transaction cookie (never in a URL).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-4.13 (callback CSRF)
 */
import { timingSafeEqual } from 'node:crypto'
import { resolveApiUrl } from '../client/url.js'
import { DanceError } from '../errors.js'
import { type CredentialsStage, readCredentials } from '../protocol/oauth1/credentials.js'
import {
  type OAuth1SignerConfig,
  type SignatureLocation,
  signRequest,
} from '../protocol/oauth1/sign-request.js'
import type { SignatureMethod } from '../protocol/oauth1/signature.js'
import { nowSeconds, type Token } from '../token.js'
import {
  Blueprint,
  type BlueprintOptions,
  type LoginResult,
  type LoginStart,
  type OutgoingRequest,
} from './blueprint.js'
import { fromEnv } from './env.js'
import { oauth1SignerConfig } from './oauth1-config.js'
import type { Transaction } from './transaction.js'

/** Options of a generic OAuth 1.0a blueprint. */
export interface OAuth1BlueprintOptions extends BlueprintOptions {
  /** Consumer key; defaults to `<NAME>_OAUTH_CLIENT_ID`, then `<NAME>_OAUTH_CONSUMER_KEY`. */
  consumerKey?: string
  /** Consumer secret; defaults to `<NAME>_OAUTH_CLIENT_SECRET`, then `<NAME>_OAUTH_CONSUMER_SECRET`. Not used by RSA-SHA1. */
  consumerSecret?: string
  /** The temporary credential request endpoint (RFC 5849 §2.1). */
  requestTokenUrl: string
  /** The resource owner authorization endpoint (§2.2). */
  authorizationUrl: string
  /** The token request endpoint (§2.3). */
  accessTokenUrl: string
  /** Base URL API paths are resolved against; defaults to `<NAME>_OAUTH_BASE_URL`. */
  baseUrl?: string
  /** Other origins the client may sign requests for with absolute URLs. */
  allowedApiOrigins?: readonly string[]
  /** `HMAC-SHA1` (default), `HMAC-SHA256`, `RSA-SHA1` or `PLAINTEXT` (https only). */
  signatureMethod?: SignatureMethod
  /** Where the protocol parameters go: `header` (default), `query` or `body`. */
  signatureLocation?: SignatureLocation
  /** RSA private key for RSA-SHA1: PEM text or a file path; defaults to `<NAME>_OAUTH_RSA_KEY`. */
  rsaKey?: string
  /** `realm` of the Authorization header. */
  realm?: string
  /** Send `oauth_version="1.0"` (default true). */
  includeVersion?: boolean
  /** Extra parameters for the temporary credential request (signed, in the form body). */
  requestTokenParams?: Readonly<Record<string, string>>
  /** Extra parameters for the authorization URL (`perms`, `scope`, `name`...). */
  authorizationParams?: Readonly<Record<string, string>>
  /** Headers sent with every request to the provider unless the request sets them (`User-Agent`...). */
  headers?: Readonly<Record<string, string>>
  /** Where a signed POST invalidates the token (Twitter's `oauth/invalidate_token`); none in RFC 5849. */
  revocationUrl?: string
}

const FORM = 'application/x-www-form-urlencoded'

/**
 * A consumer blueprint for any OAuth 1.0a provider.
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */
export class OAuth1Blueprint extends Blueprint {
  override readonly protocol = 'oauth1' as const
  readonly consumerKey: string
  readonly baseUrl: string | undefined
  readonly signatureMethod: SignatureMethod
  protected readonly oauth1Options: OAuth1BlueprintOptions
  protected readonly signer: OAuth1SignerConfig

  constructor(options: OAuth1BlueprintOptions) {
    super(options)
    this.oauth1Options = options
    this.signer = oauth1SignerConfig(options)
    this.consumerKey = this.signer.consumerKey
    this.signatureMethod = this.signer.signatureMethod
    this.baseUrl = fromEnv(options.baseUrl, options.name, 'BASE_URL', options.env ?? process.env)
  }

  protected override async startLogin(_request: Request, redirectUri: string): Promise<LoginStart> {
    const answer = await this.signedPost(
      this.oauth1Options.requestTokenUrl,
      this.oauth1Options.requestTokenParams ?? {},
      { extra: { oauth_callback: redirectUri } },
      'temporary credentials',
    )
    // §2.1: a 1.0a server MUST confirm the callback; without it the 2009 session-fixation hole is open.
    if (answer.getAll('oauth_callback_confirmed').join() !== 'true') {
      throw new DanceError(
        'oauth1_callback_not_confirmed',
        'The provider did not confirm the callback (oauth_callback_confirmed=true): it is not an OAuth 1.0a server.',
        { provider: this.name },
      )
    }
    const handle = answer.get('oauth_token')!
    const url = new URL(this.oauth1Options.authorizationUrl)
    for (const [key, value] of Object.entries(this.oauth1Options.authorizationParams ?? {})) {
      url.searchParams.set(key, value)
    }
    url.searchParams.set('oauth_token', handle)
    return { authorizationUrl: url, transaction: { handle, tokenSecret: answer.get('oauth_token_secret')! } }
  }

  protected override callbackHandle(params: URLSearchParams): string | undefined {
    // A refusal (Twitter's `denied=<temporary token>`) names the transaction too, so the error hook
    // runs for the right login and its cookie is cleared.
    const tokens = params.getAll('oauth_token')
    const candidates = tokens.length > 0 ? tokens : params.getAll('denied')
    return candidates.length === 1 && candidates[0] ? candidates[0] : undefined
  }

  protected override async finishLogin(
    params: URLSearchParams,
    transaction: Transaction,
  ): Promise<LoginResult> {
    const fields = { provider: this.name }
    if (params.has('denied') || params.has('oauth_problem')) {
      throw new DanceError('access_denied', 'The authorization was denied at the provider.', {
        ...fields,
        providerError: params.get('oauth_problem') ?? 'denied',
      })
    }
    const returned = params.getAll('oauth_token')
    if (returned.length !== 1 || !sameString(returned[0]!, transaction.handle)) {
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
    if (typeof transaction.tokenSecret !== 'string') {
      throw new DanceError('transaction_invalid', 'The login transaction lost its temporary secret.', fields)
    }
    const answer = await this.signedPost(
      this.oauth1Options.accessTokenUrl,
      {},
      {
        token: transaction.handle,
        tokenSecret: transaction.tokenSecret,
        extra: { oauth_verifier: verifiers[0] },
      },
      'token credentials',
    )
    const token: Token = Object.fromEntries(answer)
    const expiresIn = Number(answer.get('oauth_expires_in'))
    if (answer.has('oauth_expires_in') && Number.isSafeInteger(expiresIn) && expiresIn > 0) {
      token.expires_at = nowSeconds() + expiresIn
    }
    return { token }
  }

  /** POSTs a signed form to a credentials endpoint through the transport and checks the answer. */
  protected async signedPost(
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
    this.addDefaultHeaders(request.headers)
    signRequest(this.signer, request, options)
    let response: Response
    try {
      response = await this.transport(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
      })
    } catch (error) {
      if (error instanceof DanceError) error.provider ??= this.name
      throw error
    }
    return readCredentials(response, {
      provider: this.name,
      stage,
      allowEmptySecret: this.signatureMethod === 'RSA-SHA1' || stage === 'temporary credentials',
    })
  }

  override resolveApiUrl(path: string | URL): URL {
    return resolveApiUrl(this.name, this.baseUrl, path, this.oauth1Options.allowedApiOrigins)
  }

  /**
   * Signs an API request with the token credentials: the query and a form body are signed, a JSON body
   * is not (RFC 5849 §3.4.1.3.1).
   * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4
   */
  override authorizeRequest(request: OutgoingRequest, token: Token): void {
    const { oauth_token: key, oauth_token_secret: secret } = token
    if (typeof key !== 'string' || key === '' || typeof secret !== 'string') {
      throw new DanceError(
        'api_unauthorized',
        `The stored ${this.name} token has no OAuth 1.0a credentials.`,
        {
          provider: this.name,
        },
      )
    }
    this.addDefaultHeaders(request.headers)
    signRequest(this.signer, request, { token: key, tokenSecret: secret })
  }

  /**
   * Invalidates the token at the provider with a POST signed by the token itself, when the provider
   * has such an endpoint (`revocationUrl`); RFC 5849 defines none. Resolves false without one.
   * @see https://docs.x.com/fundamentals/authentication/api-reference
   */
  override async revokeToken(token: Token): Promise<boolean> {
    const endpoint = this.oauth1Options.revocationUrl
    const { oauth_token: key, oauth_token_secret: secret } = token
    if (!endpoint || typeof key !== 'string' || typeof secret !== 'string') return false
    const request: OutgoingRequest = {
      method: 'POST',
      url: new URL(endpoint),
      headers: new Headers({ 'content-type': FORM }),
      body: '',
    }
    this.addDefaultHeaders(request.headers)
    signRequest(this.signer, request, { token: key, tokenSecret: secret })
    const response = await this.transport(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body ?? null,
    })
    if (response.ok) return true
    throw new DanceError(
      'revocation_failed',
      `The provider refused to invalidate the token (HTTP ${response.status}).`,
      {
        provider: this.name,
      },
    )
  }

  private addDefaultHeaders(headers: Headers): void {
    for (const [name, value] of Object.entries(this.oauth1Options.headers ?? {})) {
      if (!headers.has(name)) headers.set(name, value)
    }
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
