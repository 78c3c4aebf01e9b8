/**
 * The fault suite's provider: the real oidc-provider, rotating refresh tokens with reuse detection (a
 * spent refresh token presented again revokes the whole grant), short-lived access tokens so the apps
 * refresh all through a run, and a record of every refresh token presented. Plus its resource server.
 */
import type Provider from 'oidc-provider'
import { startResourceServer } from '../../../refresh/support.js'
import { type OidcProviderHandle, startOidcProvider } from '../../../support/oidc-provider.js'

/** What the provider saw at its token endpoint. */
export interface RefreshRecord {
  /** How many times each refresh token was presented. */
  presented: Map<string, number>
  /** Refresh grants answered with an error (reuse detected, revoked grant...). */
  failed: number
  ok: number
}

/** A running provider with its resource server. */
export interface FaultProvider {
  op: OidcProviderHandle
  /** `GET /me` answers `{ sub }` for a live access token, else 401 invalid_token. */
  api: { origin: string; close(): Promise<void> }
  record: RefreshRecord
  /** Holds each refresh grant this long before answering (0: none), to widen the refresh window. */
  refreshDelayMs: number
  /** Refresh grants being handled right now. */
  inFlight(): number
  /** Refresh tokens presented more than once. */
  reused(): string[]
  close(): Promise<void>
}

type Ctx = { path: string; oidc?: { params?: { grant_type?: unknown; refresh_token?: unknown } } }

/** Starts the provider with client `app` for the given redirect URIs; access tokens live `accessTokenTtl` s. */
export async function startFaultProvider(
  redirectUris: string[],
  accessTokenTtl: number,
): Promise<FaultProvider> {
  const op = await startOidcProvider({
    clients: [
      {
        client_id: 'app',
        client_secret: 'app-secret',
        redirect_uris: redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
    rotateRefreshToken: true,
    accessTokenTtl,
  })
  const api = await startResourceServer(op)
  const record: RefreshRecord = { presented: new Map(), failed: 0, ok: 0 }
  let inFlight = 0
  const state = { refreshDelayMs: 0 }
  const refreshTokenOf = (ctx: Ctx) =>
    ctx.oidc?.params?.grant_type === 'refresh_token' && typeof ctx.oidc.params.refresh_token === 'string'
      ? ctx.oidc.params.refresh_token
      : undefined
  // Recorded before the grant runs, so a presentation counts whatever the provider then answers.
  ;(op.provider as Provider).use(async (ctx: Ctx, next: () => Promise<void>) => {
    if (ctx.path !== '/token') return next()
    inFlight++
    try {
      if (state.refreshDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.refreshDelayMs))
      await next()
    } finally {
      inFlight--
    }
  })
  op.provider.on('grant.success', (ctx: Ctx) => {
    const token = refreshTokenOf(ctx)
    if (token === undefined) return
    record.ok++
    record.presented.set(token, (record.presented.get(token) ?? 0) + 1)
  })
  op.provider.on('grant.error', (ctx: Ctx) => {
    const token = refreshTokenOf(ctx)
    if (token === undefined) return
    record.failed++
    record.presented.set(token, (record.presented.get(token) ?? 0) + 1)
  })
  return Object.assign(state, {
    op,
    api,
    record,
    inFlight: () => inFlight,
    reused: () => [...record.presented].filter(([, count]) => count > 1).map(([token]) => token),
    close: async () => {
      await api.close()
      await op.close()
    },
  })
}
