/**
 * Session fixation defence: when a login succeeds, replace the app's session with a fresh one under a
 * new id, keeping only the keys the app names, so neither an id planted in the browser before login
 * (by a subdomain, a shared computer, a URL) nor anything stored under it (the attacker's own token for
 * another provider, a field the app trusts) survives the login. Blueprints do it by default
 * (`regenerateSession`, `keepSessionKeys`); apps call {@link regenerateSession} in their own login and
 * logout routes.
 *
 * @see [OWASP Session Management Cheat Sheet - Renew the Session ID After Any Privilege Level Change](https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#renew-the-session-id-after-any-privilege-level-change)
 */
import { currentScope, type RequestScope } from '../context.js'
import { DanceError } from '../errors.js'

/**
 * Options of {@link regenerateSession}.
 */
export interface RegenerateSessionOptions {
  /** Keys of the old session to copy into the new one (default: none, a fresh session). */
  keep?: readonly string[]
  /** The blueprint whose login regenerates the session, named on the errors (none for the app's own calls). */
  provider?: string
}

/**
 * Replaces the current request's (or `scope`'s) session with a fresh one under a new id, holding only
 * the keys named in `keep`. Throws `session_unavailable` when the request has no session or the
 * session cannot regenerate, because silently keeping the old id would defeat the point.
 */
export async function regenerateSession(
  scope: RequestScope | undefined = currentScope(),
  options: RegenerateSessionOptions = {},
): Promise<void> {
  const session = scope?.session
  if (!session?.regenerate) {
    throw new DanceError(
      'session_unavailable',
      'Cannot regenerate the session id: this request has no session that supports regeneration (express-session does).',
      { provider: options.provider },
    )
  }
  try {
    await session.regenerate(options.keep ?? [])
  } catch (cause) {
    throw new DanceError('session_unavailable', 'The session store failed to regenerate the session id.', {
      cause,
      provider: options.provider,
    })
  }
  // What this request read through the old session (its user, its tokens) is not the new session's.
  scope?.memo.clear()
}
