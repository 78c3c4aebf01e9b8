/**
 * `startStandIn`: a provider an app can log in to in its own tests. It listens on 127.0.0.1, answers
 * in the shape the preset says its provider answers (or the plain specifications' shape for a generic
 * OAuth 2, OpenID Connect or OAuth 1.0a provider), and hands back the blueprint options that point the
 * preset at it. Knobs make it fail the ways real providers fail.
 */
import { createPublicKey } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { Agent, type RequestInit as UndiciRequestInit, fetch as undiciFetch } from 'undici'
import { DanceError } from '../../errors.js'
import { type AnyPreset, presetsById } from '../../providers/index.js'
import { refuseInProduction } from '../production-guard.js'
import { API_PREFIX, api, oauth2UserOf } from './api.js'
import { BUILTIN_ROUTES } from './builtin-routes.js'
import type { IncomingCall, StandInContext } from './context.js'
import { json } from './context.js'
import { newSigningKey } from './id-token.js'
import { OAUTH1_PATHS, OAuth1Endpoints } from './oauth1.js'
import { authorize, discovery, logout, OAUTH2_PATHS, revoke, token, userinfo } from './oauth2.js'
import { genericShape, type OAuth1Shape, type OAuth2Shape, type ProviderShape, shapeOf } from './shape.js'
import { TokenBook } from './token-book.js'
import type { StandInApiRoute, StandInBehaviour, StandInEvent, StandInOptions } from './types.js'
import { UserDirectory } from './users.js'

/** What the options of every protocol's stand-in share. */
interface CommonStandInOptions {
  readonly name: string
  /** The provider's API under the stand-in (`<origin>/api/…`, the provider's own path after it). */
  readonly baseUrl: string
  /** The stand-in speaks plain HTTP on loopback (unless started with `tls`). */
  readonly allowInsecureRequests: true
}

/** Options that point an OAuth 2 preset, or `makeOAuth2Blueprint`, at a stand-in. */
export interface OAuth2StandInOptions extends CommonStandInOptions {
  readonly clientId: string
  readonly clientSecret: string
  readonly authorizationUrl: string
  readonly tokenUrl: string
  readonly revocationUrl?: string
  readonly userinfoUrl?: string
  /** Presets that refresh at an endpoint of their own (Figma) refresh at the stand-in's. */
  readonly quirks?: { readonly refreshTokenUrl: string }
}

/** Options that point an OpenID Connect preset, or `makeOidcBlueprint`, at a stand-in. */
export interface OidcStandInOptions extends CommonStandInOptions {
  readonly clientId: string
  readonly clientSecret: string
  readonly issuer: string
  /** Where the discovery document is (presets that fix it, such as Azure's, follow it here). */
  readonly discoveryUrl: string
}

/** Options that point an OAuth 1.0a preset, or `makeOAuth1Blueprint`, at a stand-in. */
export interface OAuth1StandInOptions extends CommonStandInOptions {
  readonly consumerKey: string
  readonly consumerSecret: string
  readonly requestTokenUrl: string
  readonly authorizationUrl: string
  readonly accessTokenUrl: string
  readonly revocationUrl?: string
}

/**
 * Blueprint options that point a preset (or a generic blueprint) at a stand-in. Spread them into the
 * factory's options after the app's own: `makeGithubBlueprint({ ...yours, ...standIn.options })`.
 */
export type StandInBlueprintOptions = OAuth2StandInOptions | OidcStandInOptions | OAuth1StandInOptions

/** A running stand-in; `O` is the options type of its protocol. */
export interface StandIn<O extends StandInBlueprintOptions = StandInBlueprintOptions> {
  /** The blueprint name it stands in for (what `loginAs` is given). */
  readonly name: string
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string
  readonly protocol: 'oauth2' | 'oidc' | 'oauth1'
  /** Options that point the app's blueprint here. */
  readonly options: O
  /** Every request answered, oldest first. */
  readonly events: readonly StandInEvent[]
  /** Changes how it behaves from now on (merged into the current behaviour). */
  behave(change: StandInBehaviour): void
  /** Back to the behaviour it was started with; the event log is kept. */
  reset(): void
  /** Adds or replaces an API route (`'GET /user/repos'`, the provider's own path). */
  route(key: string, handler: StandInApiRoute): void
  /**
   * Ends every live access token (of one user), refresh tokens kept: the next API call answers 401,
   * as when a provider cuts a token short, and a client that can refresh does.
   */
  expireTokens(user?: string): void
  /**
   * A request to the stand-in itself (what a browser does on its pages), trusting its own certificate
   * when it serves https. Redirects are not followed.
   */
  fetch(url: string | URL, init?: RequestInit): Promise<Response>
  /** Every code, token and secret it issued, for proving none of them leaked. */
  issuedSecrets(): readonly string[]
  close(): Promise<void>
}

/** Running stand-ins by name, for `loginAs`. One per name and process. */
const running = new Map<string, StandIn>()

/** The running stand-in of a blueprint name, or undefined. */
export function runningStandIn(name: string): StandIn | undefined {
  return running.get(name)
}

/**
 * Starts a stand-in for a preset (`'github'`, any preset id) or a generic provider (`'oauth2'`,
 * `'oidc'`, `'oauth1'`). Throws `config_invalid` for an unknown id, a second stand-in of one name, or
 * when `NODE_ENV` says production (any casing, `prod` too: see `refuseInProduction`).
 *
 * @example
 * ```ts
 * const standIn = await startStandIn('github')
 * const blueprint = makeGithubBlueprint({ ...standIn.options })
 * ```
 */
export async function startStandIn(
  provider: 'oauth2',
  options?: StandInOptions,
): Promise<StandIn<OAuth2StandInOptions>>
export async function startStandIn(
  provider: 'oidc',
  options?: StandInOptions,
): Promise<StandIn<OidcStandInOptions>>
export async function startStandIn(
  provider: 'oauth1',
  options?: StandInOptions,
): Promise<StandIn<OAuth1StandInOptions>>
export async function startStandIn(provider: string, options?: StandInOptions): Promise<StandIn>
export async function startStandIn(provider: string, options: StandInOptions = {}): Promise<StandIn> {
  // A stand-in logs anybody in as anybody: it must never be what a production app talks to.
  refuseInProduction('startStandIn starts a provider that approves every login')
  const generic = provider === 'oauth2' || provider === 'oidc' || provider === 'oauth1'
  const preset: AnyPreset | undefined = generic ? undefined : presetsById.get(provider)
  if (!generic && !preset) {
    throw new DanceError(
      'config_invalid',
      `startStandIn: no preset "${provider}" (nor oauth2, oidc, oauth1).`,
    )
  }
  const shape: ProviderShape = preset
    ? shapeOf(preset)
    : genericShape(provider as 'oauth2' | 'oidc' | 'oauth1')
  const name = options.name ?? provider
  if (running.has(name)) {
    throw new DanceError(
      'config_invalid',
      `startStandIn: a stand-in named "${name}" is already running; close it first or give another name.`,
    )
  }
  if (shape.protocol !== 'oauth1' && shape.signedClientSecret && !options.clientSecretKey) {
    throw new DanceError(
      'config_invalid',
      `startStandIn(${provider}): the signed client secret needs clientSecretKey (the app's private key PEM will do).`,
    )
  }
  if (shape.protocol === 'oauth1' && shape.signatureMethod === 'RSA-SHA1' && !options.rsaPublicKey) {
    throw new DanceError(
      'config_invalid',
      `startStandIn(${provider}): RSA-SHA1 needs the consumer's rsaPublicKey.`,
    )
  }
  const initial: StandInBehaviour = { ...options.behaviour }
  let behaviour: StandInBehaviour = { ...initial }
  const events: StandInEvent[] = []
  const routes = new Map<string, StandInApiRoute>(
    Object.entries({ ...(preset ? BUILTIN_ROUTES[preset.id] : undefined), ...options.routes }),
  )
  const book = new TokenBook()
  const server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert })
    : createServer()
  server.listen(options.port ?? 0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`
  const ctx: StandInContext = {
    presetId: preset?.id,
    shape,
    origin,
    clientId: options.clientId ?? `${name}-test-client`,
    clientSecret: options.clientSecret ?? `${name}-test-secret`,
    ...(options.clientSecretKey !== undefined && {
      clientSecretKey: createPublicKey(options.clientSecretKey),
    }),
    users: new UserDirectory(options.users),
    book,
    routes,
    behaviour: () => behaviour,
    record: (event) => events.push(event),
  }
  const dispatch = makeDispatch(ctx, options.rsaPublicKey)
  // Requests the test sends the stand-in as a browser would trust its certificate, and nothing else does.
  const trusting = options.tls ? new Agent({ connect: { ca: options.tls.cert } }) : undefined
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void serve(req, res, origin, () => behaviour, dispatch.handle).catch(() => {
      if (!res.headersSent) res.writeHead(500).end()
    })
  })
  const standIn: StandIn = {
    name,
    origin,
    protocol: shape.protocol,
    options: blueprintOptions(name, ctx, preset),
    events,
    behave: (change) => {
      behaviour = { ...behaviour, ...change }
    },
    reset: () => {
      behaviour = { ...initial }
    },
    route: (key, handler) => {
      routes.set(key, handler)
    },
    expireTokens: (user) => {
      book.expireAll(user)
      dispatch.oauth1?.expireAll(user)
    },
    fetch: (url, init) => {
      if (new URL(url).origin !== origin)
        throw new DanceError('config_invalid', `${String(url)} is not this stand-in's.`)
      return undiciFetch(url, {
        ...(init as UndiciRequestInit),
        redirect: 'manual',
        ...(trusting && { dispatcher: trusting }),
      }) as unknown as Promise<Response>
    },
    issuedSecrets: () => [...book.issued(), ctx.clientSecret],
    close: async () => {
      running.delete(name)
      await trusting?.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  running.set(name, standIn)
  return standIn
}

/** The options that point a blueprint at the stand-in. */
function blueprintOptions(
  name: string,
  ctx: StandInContext,
  preset: AnyPreset | undefined,
): StandInBlueprintOptions {
  const at = (path: string) => `${ctx.origin}${path}`
  const baseUrl = at(`${API_PREFIX}${ctx.shape.apiBasePath}`)
  const shape = ctx.shape
  if (shape.protocol === 'oauth1') {
    return {
      name,
      consumerKey: ctx.clientId,
      consumerSecret: ctx.clientSecret,
      requestTokenUrl: at(OAUTH1_PATHS.requestToken),
      authorizationUrl: at(OAUTH1_PATHS.authorize),
      accessTokenUrl: at(OAUTH1_PATHS.accessToken),
      ...(shape.revocation && { revocationUrl: at(OAUTH1_PATHS.revoke) }),
      baseUrl,
      allowInsecureRequests: true,
    }
  }
  const common = {
    name,
    clientId: ctx.clientId,
    clientSecret: ctx.clientSecret,
    baseUrl,
    allowInsecureRequests: true,
  } as const
  if (shape.protocol === 'oidc') {
    return { ...common, issuer: ctx.origin, discoveryUrl: at(OAUTH2_PATHS.discovery) }
  }
  return {
    ...common,
    authorizationUrl: at(OAUTH2_PATHS.authorize),
    tokenUrl: at(OAUTH2_PATHS.token),
    ...(shape.revocation && { revocationUrl: at(OAUTH2_PATHS.revoke) }),
    ...(preset?.protocol === 'oauth2' && preset.userinfoUrl && { userinfoUrl: at(OAUTH2_PATHS.userinfo) }),
    ...(shape.separateRefreshEndpoint && { quirks: { refreshTokenUrl: at(OAUTH2_PATHS.refresh) } }),
  }
}

/** Routes a request to the protocol's endpoints. */
function makeDispatch(
  ctx: StandInContext,
  rsaPublicKey: string | undefined,
): { handle: (call: IncomingCall) => Promise<Response>; oauth1?: OAuth1Endpoints } {
  const notFound = () => json({ error: 'not_found' }, 404)
  if (ctx.shape.protocol === 'oauth1') {
    const oauth1 = new OAuth1Endpoints(ctx as StandInContext<OAuth1Shape>, rsaPublicKey)
    const userOf = (call: IncomingCall) => oauth1.userOf(call)
    return {
      oauth1,
      handle: async (call) => {
        const path = call.url.pathname
        if (path.startsWith(`${API_PREFIX}/`)) return api(ctx, call, userOf)
        if (path === OAUTH1_PATHS.requestToken && call.method === 'POST') return oauth1.requestToken(call)
        if (path === OAUTH1_PATHS.authorize && call.method === 'GET') return oauth1.authorize(call)
        if (path === OAUTH1_PATHS.accessToken && call.method === 'POST') return oauth1.accessToken(call)
        if (path === OAUTH1_PATHS.revoke && call.method === 'POST') return oauth1.revoke(call)
        return notFound()
      },
    }
  }
  const c2 = ctx as StandInContext<OAuth2Shape>
  const key = ctx.shape.protocol === 'oidc' ? newSigningKey() : undefined
  const userOf = oauth2UserOf(c2)
  return {
    handle: async (call) => {
      const path = call.url.pathname
      if (path.startsWith(`${API_PREFIX}/`)) return api(ctx, call, userOf)
      switch (path) {
        case OAUTH2_PATHS.authorize:
          return authorize(c2, call)
        case OAUTH2_PATHS.token:
        case OAUTH2_PATHS.refresh:
          return token(c2, call, key)
        case OAUTH2_PATHS.revoke:
          return call.method === 'POST' ? revoke(c2, call) : notFound()
        case OAUTH2_PATHS.userinfo:
          return userinfo(c2, call)
        case OAUTH2_PATHS.discovery:
          return key ? discovery(c2, call) : notFound()
        case OAUTH2_PATHS.jwks:
          if (!key) return notFound()
          ctx.record({ kind: 'jwks', method: call.method, path, status: 200 })
          return json({ keys: [key.jwk] })
        case OAUTH2_PATHS.logout:
          return logout(call)
        default:
          return notFound()
      }
    },
  }
}

/** Reads a Node request, applies the behaviour's latency or outage, and writes the Web answer. */
async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  behaviour: () => StandInBehaviour,
  handle: (call: IncomingCall) => Promise<Response>,
): Promise<void> {
  if (behaviour().down) {
    req.socket.destroy()
    return
  }
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value)
  }
  const call: IncomingCall = {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', origin),
    headers,
    body: Buffer.concat(chunks).toString('utf8'),
  }
  const latency = behaviour().latencyMs
  if (latency) await new Promise((resolve) => setTimeout(resolve, latency))
  const response = await handle(call)
  const out: Record<string, string> = {}
  response.headers.forEach((value, key) => {
    out[key] = value
  })
  res.writeHead(response.status, out)
  res.end(Buffer.from(await response.arrayBuffer()))
}
