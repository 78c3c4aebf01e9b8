/**
 * The framework-free half of the route guards every adapter offers: which error means "log in again",
 * the login URL that comes back to this page, and whether a request gets a login redirect or a 401 JSON
 * answer. Each adapter's guard reads its request into a {@link GuardedRequest} and writes the
 * {@link LoginAnswer}; nothing else is decided per framework.
 */
import { ApiClient } from '../client/api-client.js'
import { Blueprint } from '../consumer/blueprint.js'
import { currentScope } from '../context.js'
import { isDanceError } from '../errors.js'

/**
 * Options of every adapter's `authorizationRequired` and `reauthRedirect`.
 */
export interface GuardOptions {
  /**
   * Answer requests that want JSON (or are not GET/HEAD) with `401` and `{ error, provider, login }`
   * instead of a redirect, since a script cannot follow a login page (default true).
   */
  jsonForApiRequests?: boolean
}

/** What a guard protects: a blueprint's request-scoped client, or the blueprint itself. */
export type GuardTarget = ApiClient<Blueprint> | Blueprint

/** What the guard reads of a request, whatever the framework. */
export interface GuardedRequest {
  /** The HTTP method: only GET and HEAD are page navigations a redirect can serve. */
  readonly method: string
  /** The `Accept` header, if any. */
  readonly accept: string | null | undefined
  /** The path and query as received: where the login brings the browser back to. */
  readonly url: string
}

/** The JSON body of a 401 login answer. */
export interface ReauthBody {
  readonly error: 'reauth_required'
  /** The blueprint's name. */
  readonly provider: string
  /** The login URL, with `next` pointing back to the request. */
  readonly login: string
}

/** How an adapter answers a request that needs a login: its status, headers and (for a 401) JSON body. */
export interface LoginAnswer {
  readonly status: 302 | 401
  readonly headers: Readonly<Record<string, string>>
  /** Present on a 401 only. */
  readonly json?: ReauthBody
}

/** The request-scoped client a guard asks whether the user has a usable token. */
export function guardedClient(target: GuardTarget): ApiClient<Blueprint> {
  return target instanceof ApiClient ? target : target.client
}

/**
 * The login URL that brings the browser back to `returnTo` afterwards. The login route follows only a
 * same-origin path in `next`, so whatever `returnTo` holds cannot turn it into an open redirect.
 */
export function loginUrlFor(blueprint: Blueprint, returnTo: string): string {
  return `${blueprint.loginPath}?${new URLSearchParams({ next: returnTo })}`
}

/**
 * The blueprint to log in again with when `error` is a `reauth_required` (the refresh token was
 * refused, or there is no token) of a blueprint mounted in this request; undefined for any other error,
 * which the adapter passes on untouched.
 */
export function reauthBlueprint(error: unknown): Blueprint | undefined {
  if (!isDanceError(error, 'reauth_required') || error.provider === undefined) return undefined
  const blueprint = currentScope()?.blueprints.get(error.provider)
  return blueprint instanceof Blueprint ? blueprint : undefined
}

/**
 * The answer to a request that needs `blueprint`'s login: a 302 to the login route with `next` for a
 * page navigation, else (unless `jsonForApiRequests` is false) a 401 with {@link ReauthBody}. Never
 * cached: the same URL answers differently once the user has logged in.
 */
export function loginAnswer(
  blueprint: Blueprint,
  request: GuardedRequest,
  options: GuardOptions = {},
): LoginAnswer {
  const login = loginUrlFor(blueprint, request.url)
  const navigation = request.method === 'GET' || request.method === 'HEAD'
  if (options.jsonForApiRequests !== false && (!navigation || prefersJson(request.accept))) {
    return {
      status: 401,
      headers: { 'cache-control': 'no-store' },
      json: { error: 'reauth_required', provider: blueprint.name, login },
    }
  }
  return { status: 302, headers: { 'cache-control': 'no-store', location: login } }
}

interface Preference {
  readonly q: number
  /** How closely the Accept entry names the type: 4 for the type, 2 for the subtype; 0 for `*`. */
  readonly specificity: number
  /** The entry's position in the header. */
  readonly order: number
}

const OFFERED = ['text/html', 'application/json'] as const

/**
 * Whether an `Accept` header prefers JSON over HTML, negotiated as Express's `req.accepts(['html',
 * 'json'])` does: each type takes its most specific matching entry, then the higher q wins, then the
 * more specific entry, then the earlier entry, then HTML. No header (or no match) means HTML. Media type
 * parameters other than `q` are ignored, so `application/json; charset=utf-8` counts as JSON.
 * @see [RFC 9110 - HTTP Semantics: Accept](https://www.rfc-editor.org/rfc/rfc9110.html#name-accept)
 */
export function prefersJson(accept: string | null | undefined): boolean {
  if (!accept) return false
  const entries = accept.split(',').flatMap((part, order) => {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase())
    const [type, subtype, extra] = range.split('/')
    if (!type || !subtype || extra !== undefined) return []
    const qParam = params.find((p) => /^q\s*=/.test(p))
    const q = qParam === undefined ? 1 : Number(qParam.slice(qParam.indexOf('=') + 1).trim())
    return Number.isFinite(q) ? [{ type, subtype, q, order }] : []
  })
  const ranked = OFFERED.map((offered) => {
    const [type, subtype] = offered.split('/')
    let best: Preference | undefined
    for (const entry of entries) {
      if ((entry.type !== type && entry.type !== '*') || (entry.subtype !== subtype && entry.subtype !== '*'))
        continue
      const candidate: Preference = {
        q: entry.q,
        specificity: (entry.type === type ? 4 : 0) | (entry.subtype === subtype ? 2 : 0),
        order: entry.order,
      }
      if (
        !best ||
        candidate.specificity > best.specificity ||
        (candidate.specificity === best.specificity && candidate.q > best.q)
      )
        best = candidate
    }
    return best
  })
  const [html, json] = ranked
  if (!json || json.q <= 0) return false
  if (!html || html.q <= 0) return true
  return (
    json.q > html.q ||
    (json.q === html.q &&
      (json.specificity > html.specificity ||
        (json.specificity === html.specificity && json.order < html.order)))
  )
}
