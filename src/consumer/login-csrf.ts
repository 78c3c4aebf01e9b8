/**
 * A login start that cannot be forged cross-site: with `loginRequiresPost`, the login route accepts
 * only a form POST carrying the session's CSRF token (the synchronizer token pattern), so another
 * site can neither link nor post the browser into a login it did not ask for. The token is random,
 * kept in the app's session, and the same for every blueprint of the session; the form helper
 * renders the button that carries it.
 * @see [RFC 9700 - Best Current Practice for OAuth 2.0 Security](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.4.1.8)
 */
import { timingSafeEqual } from 'node:crypto'
import type { SessionPort } from '../context.js'
import { randomToken } from '../crypto/random.js'
import { DanceError } from '../errors.js'
import { escapeHtml } from './responses.js'

/** The session key of the CSRF token. */
export const CSRF_SESSION_KEY = 'oauth-dance.csrf'
/** The form field the token is posted in. */
export const CSRF_FIELD = 'csrf_token'

/** What {@link LoginForm} is rendered with. */
export interface LoginFormOptions {
  /** The button's text (default `Log in with <name>`). */
  label?: string
  /** Where to go after the login (a path on this app), posted as `next`. */
  next?: string
  /** A `class` for the form element. */
  className?: string
}

/** A login button: the form's parts, for a template, and the form as HTML. */
export interface LoginForm {
  /** The login route, the form's `action`. */
  readonly action: string
  readonly method: 'POST'
  /** Hidden fields to post: the CSRF token, and `next` when given. */
  readonly fields: Readonly<Record<string, string>>
  /** The whole form, every value escaped. */
  readonly html: string
}

/** The session's CSRF token, made on first use; `session_unavailable` without a session. */
export function csrfToken(session: SessionPort | undefined, provider: string): string {
  if (!session) {
    throw new DanceError(
      'session_unavailable',
      `The ${provider} login form needs a session to keep its CSRF token in.`,
      { provider },
    )
  }
  const existing = session.get(CSRF_SESSION_KEY)
  if (typeof existing === 'string' && existing !== '') return existing
  const token = randomToken()
  session.set(CSRF_SESSION_KEY, token)
  return token
}

/** Throws `csrf_invalid` unless `posted` is the session's token (compared in constant time). */
export function checkCsrfToken(
  session: SessionPort | undefined,
  posted: string | null,
  provider: string,
): void {
  const expected = session?.get(CSRF_SESSION_KEY)
  // Lengths compared in bytes: a posted value as long as the token in characters but not in bytes
  // (`é`) would make timingSafeEqual throw, and a forged post would become the app's error.
  const given = posted === null ? undefined : Buffer.from(posted)
  const valid =
    typeof expected === 'string' &&
    expected !== '' &&
    given !== undefined &&
    given.length === Buffer.byteLength(expected) &&
    timingSafeEqual(given, Buffer.from(expected))
  if (!valid) {
    throw new DanceError(
      'csrf_invalid',
      'The login was not started from this app (missing or wrong CSRF token).',
      {
        provider,
      },
    )
  }
}

/** The login form of `action`, carrying `token`. */
export function loginForm(
  action: string,
  token: string,
  provider: string,
  options: LoginFormOptions,
): LoginForm {
  const fields: Record<string, string> = { [CSRF_FIELD]: token }
  if (options.next !== undefined) fields.next = options.next
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('')
  const className = options.className === undefined ? '' : ` class="${escapeHtml(options.className)}"`
  const label = escapeHtml(options.label ?? `Log in with ${provider}`)
  const html = `<form method="post" action="${escapeHtml(action)}"${className}>${hidden}<button type="submit">${label}</button></form>`
  return { action, method: 'POST', fields, html }
}
