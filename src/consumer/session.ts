/**
 * Session fixation defence: give the app's session a new id when a login succeeds, keeping its data,
 * so an id planted in the browser before login (by a subdomain, a shared computer, a URL) is worthless
 * after it. Blueprints do it with `regenerateSession: true`; apps call {@link regenerateSession} in
 * their own login and logout routes.
 *
 * @see https://owasp.org/www-community/attacks/Session_fixation
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#renew-the-session-id-after-any-privilege-level-change
 */
import { currentScope, type RequestScope } from '../context.js'
import { DanceError } from '../errors.js'

/**
 * Issues a new session id for the current request (or `scope`), keeping the session's data.
 * Throws `session_unavailable` when the request has no session or the session cannot regenerate,
 * because silently keeping the old id would defeat the point.
 */
export async function regenerateSession(scope: RequestScope | undefined = currentScope()): Promise<void> {
  const session = scope?.session
  if (!session?.regenerate) {
    throw new DanceError(
      'session_unavailable',
      'Cannot regenerate the session id: this request has no session that supports regeneration (express-session does).',
    )
  }
  try {
    await session.regenerate()
  } catch (cause) {
    throw new DanceError('session_unavailable', 'The session store failed to regenerate the session id.', {
      cause,
    })
  }
}
