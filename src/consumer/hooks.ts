/**
 * The hooks of a login's life: before the redirect to the provider, after a token was obtained, and on
 * any error. Every hook may be async; every hook may answer the browser itself with a standard Response.
 */
import type { DanceError } from '../errors.js'
import type { Token } from '../token.js'

/** What every hook receives. */
export interface HookContext {
  /** The blueprint name (`github`). */
  readonly provider: string
  /** The incoming request (our login or callback route). */
  readonly request: Request
  /** The framework's own request object (Express `req`), for access to `req.user` and the like. */
  readonly native: unknown
}

/** Passed to `beforeLogin`. Change `authorizationUrl` to add parameters. */
export interface BeforeLoginContext extends HookContext {
  /** The provider URL the browser is about to be sent to; mutable. */
  readonly authorizationUrl: URL
  /** The checked return-to path, if the login route got a valid `next`. */
  readonly returnTo: string | undefined
}

/** Passed to `authorized` after a token was obtained (and the ID token validated, for OIDC). */
export interface AuthorizedContext extends HookContext {
  /** The token as the provider returned it, with `expires_at`. */
  readonly token: Token
  /** Validated ID token claims (OpenID Connect only). */
  readonly claims?: Readonly<Record<string, unknown>> | undefined
  /** UserInfo response, with `sub` checked against the ID token (OpenID Connect only). */
  readonly userinfo?: Readonly<Record<string, unknown>> | undefined
  /**
   * What the browser posted about the user (Sign in with Apple's `user` field: name and email on the
   * first login). Unsigned: the user can post anything, so never use it for identity or email checks;
   * take those from `claims`.
   */
  readonly unverifiedUser?: Readonly<Record<string, unknown>> | undefined
  /** The checked return-to path. */
  readonly returnTo: string | undefined
}

/**
 * What `authorized` may return:
 * - nothing or `true`: store the token and redirect as usual;
 * - `false`: do not store the token (the hook handled it), redirect as usual;
 * - a Response: store the token and answer with this Response;
 * - an object: say whose token this is (`userId`, `accountId`) for multi-user storage, veto with
 *   `store: false`, and/or answer with `response`; `{ store: false, response }` is "I stored it myself".
 */
export type AuthorizedResult =
  // `void` so a hook with a block body that returns nothing type-checks.
  | void
  | undefined
  | boolean
  | Response
  | {
      readonly store?: boolean
      readonly userId?: string
      readonly accountId?: string
      readonly response?: Response
    }

/** Passed to `error`. */
export interface ErrorContext extends HookContext {
  readonly error: DanceError
}

/**
 * The hooks of one blueprint. One object may serve several blueprints (every context names its
 * `provider`), as Flask-Dance's signals without a sender do.
 */
export interface BlueprintHooks {
  /** Before redirecting to the provider; return a Response to answer instead. */
  beforeLogin?: (context: BeforeLoginContext) => void | Response | Promise<void | Response>
  /** After a token was obtained; see {@link AuthorizedResult}. */
  authorized?: (context: AuthorizedContext) => AuthorizedResult | Promise<AuthorizedResult>
  /** On any failed login; return a Response to answer instead of the default error page. */
  error?: (context: ErrorContext) => void | Response | Promise<void | Response>
}
